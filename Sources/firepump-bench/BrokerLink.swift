import Glibc

/// One blocking MQTT connection to mosquitto on 127.0.0.1, with `TCP_NODELAY` set: a packet
/// leaves when it is sent, never held back for an acknowledgement (Nagle's algorithm).
final class BrokerLink {
    private let socket: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private var nextPacketID: UInt16 = 0

    /// Connects as `clientID` and waits for the broker's `CONNACK`.
    init(port: Int, clientID: String, timeout: Duration) throws(BenchFailure) {
        name = clientID
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchFailure.system("socket") }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let failure = BenchFailure.system("connect to 127.0.0.1:\(port)")
            close(socket)
            throw failure
        }
        try send(MQTTPacket.connect(clientID: clientID))
        guard case .connectAcknowledged(0) = try next(timeout: timeout) else {
            throw BenchFailure("\(name): the broker refused the connection")
        }
    }

    deinit {
        close(socket)
    }

    /// Subscribes to `topics` at QoS 0 and waits for the broker's `SUBACK`.
    func subscribe(_ topics: [String], timeout: Duration) throws(BenchFailure) {
        let id = packetID()
        try send(MQTTPacket.subscribe(topics, packetID: id))
        while true {
            if case .subscribeAcknowledged(id) = try next(timeout: timeout) { return }
        }
    }

    /// Publishes `payload` on `topic` at QoS 1; returns when it was handed to the kernel.
    func publish(_ topic: String, _ payload: String) throws(BenchFailure) {
        try send(MQTTPacket.publish(topic: topic, payload: Array(payload.utf8), packetID: packetID()))
    }

    /// Reads and drops the whole packets that have already arrived (the broker's `PUBACK`s), without
    /// waiting; the start of a packet still arriving is kept.
    func drain() throws(BenchFailure) {
        while try readable(timeoutMilliseconds: 0) { try receive() }
        while let (_, length) = MQTTPacket.parse(buffer[...]) { buffer.removeFirst(length) }
    }

    /// The next packet from the broker.
    /// - Throws: ``BenchFailure`` when none comes within `timeout` or the broker closes the link.
    func next(timeout: Duration) throws(BenchFailure) -> MQTTPacket {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let (packet, length) = MQTTPacket.parse(buffer[...]) {
                buffer.removeFirst(length)
                return packet
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero, try readable(timeoutMilliseconds: Int32(left / .milliseconds(1)) + 1) else {
                throw BenchFailure("\(name): nothing from the broker within \(timeout)")
            }
            try receive()
        }
    }

    private func packetID() -> UInt16 {
        nextPacketID = nextPacketID == .max ? 1 : nextPacketID + 1
        return nextPacketID
    }

    private func send(_ bytes: [UInt8]) throws(BenchFailure) {
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw BenchFailure.system("\(name): send") }
    }

    private func readable(timeoutMilliseconds: Int32) throws(BenchFailure) -> Bool {
        var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, timeoutMilliseconds)
        guard ready >= 0 || errno == EINTR else { throw BenchFailure.system("\(name): poll") }
        return ready > 0
    }

    private func receive() throws(BenchFailure) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            throw count == 0 ? BenchFailure("\(name): the broker closed the connection") : BenchFailure.system("\(name): recv")
        }
        buffer += chunk[..<count]
    }
}
