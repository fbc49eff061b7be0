/// The few MQTT 3.1.1 packets the benchmark exchanges, encoded and decoded by hand so that the
/// measuring side adds no threads and no queues of its own to what it measures.
enum MQTTPacket: Equatable {
    case connectAcknowledged(returnCode: UInt8)
    case subscribeAcknowledged(packetID: UInt16)
    case publish(topic: String, payload: [UInt8])
    case publishAcknowledged(packetID: UInt16)
    /// Any other packet type (by its first byte), which the benchmark never expects.
    case other(UInt8)

    /// `CONNECT` with a clean session and no keep-alive (the benchmark's links are short-lived).
    static func connect(clientID: String) -> [UInt8] {
        frame(0x10, [0, 4] + Array("MQTT".utf8) + [4, 0x02, 0, 0] + string(clientID))
    }

    /// `SUBSCRIBE` to `topics`, each at QoS 0: the benchmark then never acknowledges anything.
    static func subscribe(_ topics: [String], packetID: UInt16) -> [UInt8] {
        frame(0x82, uint16(packetID) + topics.flatMap { string($0) + [0] })
    }

    /// `PUBLISH` at QoS 1, not retained.
    static func publish(topic: String, payload: [UInt8], packetID: UInt16) -> [UInt8] {
        frame(0x32, string(topic) + uint16(packetID) + payload)
    }

    /// The first whole packet at the start of `buffer` and its length, or nil while it is incomplete.
    static func parse(_ buffer: ArraySlice<UInt8>) -> (packet: MQTTPacket, length: Int)? {
        var index = buffer.startIndex + 1
        var remaining = 0
        var shift = 0
        while true {
            guard index < buffer.endIndex else { return nil }
            let byte = buffer[index]
            remaining |= Int(byte & 0x7f) << shift
            index += 1
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard buffer.endIndex - index >= remaining else { return nil }
        let body = buffer[index..<(index + remaining)]
        let length = index + remaining - buffer.startIndex
        let first = buffer[buffer.startIndex]
        switch first >> 4 {
        case 2 where body.count == 2: return (.connectAcknowledged(returnCode: body.last!), length)
        case 9 where body.count >= 2: return (.subscribeAcknowledged(packetID: uint16(body)), length)
        case 4 where body.count == 2: return (.publishAcknowledged(packetID: uint16(body)), length)
        case 3 where body.count >= 2:
            let topicLength = Int(uint16(body))
            let topicEnd = body.startIndex + 2 + topicLength
            guard topicEnd <= body.endIndex else { return (.other(first), length) }
            let hasPacketID = (first >> 1) & 0x03 != 0
            let payloadStart = topicEnd + (hasPacketID ? 2 : 0)
            guard payloadStart <= body.endIndex else { return (.other(first), length) }
            let topic = String(decoding: body[(body.startIndex + 2)..<topicEnd], as: UTF8.self)
            return (.publish(topic: topic, payload: Array(body[payloadStart...])), length)
        default: return (.other(first), length)
        }
    }

    private static func frame(_ first: UInt8, _ body: [UInt8]) -> [UInt8] {
        var bytes = [first]
        var remaining = body.count
        repeat {
            var byte = UInt8(remaining & 0x7f)
            remaining >>= 7
            if remaining > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while remaining > 0
        return bytes + body
    }

    private static func string(_ text: String) -> [UInt8] {
        uint16(UInt16(text.utf8.count)) + Array(text.utf8)
    }

    private static func uint16(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xff)]
    }

    private static func uint16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1])
    }
}
