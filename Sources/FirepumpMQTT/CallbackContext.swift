internal import Glibc
import Synchronization

/// What libmosquitto's C callbacks reach through the `userdata` pointer: where events go, what
/// to do on every connect, and the state of the current connection attempt.
///
/// The callbacks run on the network thread; `stop` and `publish` read the state from other
/// threads, so everything mutable sits behind a `Mutex` or an `Atomic`.
final class CallbackContext: Sendable {
    /// Where events go (the client's stream or its handler), called on the network thread.
    let sink: EventSink
    /// Subscribed on every successful connect.
    let subscriptions: [MQTTSubscription]
    /// Makes the message published on every successful connect.
    let birth: (@Sendable () -> MQTTOutgoing)?
    /// Whether failures should be explained in TLS terms.
    let usesTLS: Bool
    /// Set once by `beginStop`; read lock-free (callbacks read it).
    private let stopFlag = Atomic<Bool>(false)
    /// The same, under a lock: `beginStop` queues the final message while holding it, so the
    /// network thread never sees the stop without the final message already queued.
    private let stopLock = Mutex(false)
    /// Packets `stop` queued (final message, wake-up) whose acknowledgement it waits for.
    private let stopAcks = Mutex(StopAcknowledgements())
    private let link = Mutex(LinkState())

    init(sink: EventSink, options: MQTTClientOptions) {
        self.sink = sink
        self.subscriptions = options.subscriptions
        self.birth = options.birth
        self.usesTLS = options.tls != nil
    }

    /// True once `stop` began.
    var isStopRequested: Bool { stopFlag.load(ordering: .acquiring) }

    /// True once `stop` began and `beginStop`'s `queueFinalPackets` has run. For the network
    /// thread; never called from a callback.
    var isStopQueued: Bool { stopLock.withLock { $0 } }

    /// Tells the network thread to wind down, after `queueFinalPackets` (e.g. publishing the
    /// final message) has run.
    func beginStop(queueFinalPackets: () -> Void) {
        stopLock.withLock { stopping in
            stopping = true
            stopFlag.store(true, ordering: .releasing)
            queueFinalPackets()
        }
    }

    /// True between an accepted CONNACK and the end of that connection.
    var isConnected: Bool { link.withLock { $0.connected } }

    /// Makes the stop wait (briefly) for the broker to acknowledge message id `mid`: its reply
    /// must not arrive after the socket is closed, or the kernel answers with a reset that can
    /// make the broker drop the DISCONNECT. Call inside `beginStop`.
    func expectAcknowledgement(of mid: Int32) {
        stopAcks.withLock { _ = $0.expected.insert(mid) }
    }

    /// The broker acknowledged message id `mid` (PUBACK, PUBCOMP or UNSUBACK).
    func acknowledged(_ mid: Int32) {
        guard isStopRequested else { return }
        stopAcks.withLock { _ = $0.acknowledged.insert(mid) }
    }

    /// Whether something `stop` sent is still unacknowledged.
    var awaitsStopAcknowledgements: Bool {
        stopAcks.withLock { !$0.expected.isSubset(of: $0.acknowledged) }
    }

    /// Forgets the previous attempt's failure; the network thread calls it before connecting.
    func beginAttempt() {
        link.withLock { state in
            state.failureReported = false
            state.pendingFailure = nil
            state.libraryErrors = []
            state.verifyReason = nil
        }
    }

    /// The broker accepted the connection (the callback has already subscribed and published
    /// the birth message).
    func connectionAccepted() {
        link.withLock { state in
            state.connected = true
            state.connectedSinceLastCheck = true
            state.failureReported = true
        }
        sink.emit(.connected)
    }

    /// The broker refused the connection with CONNACK return `code`.
    func connectionRefused(connack code: Int32) {
        link.withLock { $0.failureReported = true }
        sink.emit(.connectionFailed(.connackRefused(code)))
    }

    /// libmosquitto closed the socket with result `code` (0 after our own DISCONNECT).
    /// `capturedErrno` is `errno` as the callback found it.
    func socketClosed(code: Int32, capturedErrno: Int32) {
        let wasConnected = link.withLock { state in
            let wasConnected = state.connected
            state.connected = false
            if !wasConnected {
                state.pendingFailure = failure(
                    operation: "mosquitto_loop", code: code, capturedErrno: capturedErrno,
                    libraryErrors: state.libraryErrors, verifyReason: state.verifyReason)
            }
            return wasConnected
        }
        guard wasConnected else { return }
        sink.emit(.disconnected(reason: disconnectReason(code: code, capturedErrno: capturedErrno)))
    }

    /// Keeps an error line libmosquitto logged (OpenSSL's reasons arrive only this way).
    func recordLibraryError(_ line: String) {
        link.withLock { state in
            if state.libraryErrors.count < 8 { state.libraryErrors.append(line) }
        }
    }

    /// Keeps OpenSSL's reason for rejecting the broker's certificate in this attempt.
    func recordVerifyReason(_ reason: String) {
        link.withLock { $0.verifyReason = reason }
    }

    /// The network thread saw the attempt (or the connection) end with `code` from `operation`:
    /// reports `.connectionFailed` unless a callback already explained this attempt.
    func attemptEnded(operation: String, code: Int32, capturedErrno: Int32) {
        let error: MosquittoError? = link.withLock { state in
            guard !state.failureReported else { return nil }
            state.failureReported = true
            return state.pendingFailure
                ?? failure(
                    operation: operation, code: code, capturedErrno: capturedErrno,
                    libraryErrors: state.libraryErrors, verifyReason: state.verifyReason)
        }
        if let error { sink.emit(.connectionFailed(error)) }
    }

    /// Whether a connection was accepted since the last call; resets the reconnect backoff.
    func takeConnectedSinceLastCheck() -> Bool {
        link.withLock { state in
            defer { state.connectedSinceLastCheck = false }
            return state.connectedSinceLastCheck
        }
    }

    /// Hands a delivered message to the consumer.
    func deliver(_ message: MQTTMessage) {
        sink.emit(.message(message))
    }

    /// Ends the event stream.
    func finish() {
        sink.finish()
    }

    /// The error for a failed attempt, explained in TLS terms where that is what failed.
    private func failure(
        operation: String, code: Int32, capturedErrno: Int32, libraryErrors: [String], verifyReason: String?
    ) -> MosquittoError {
        let explained = (verifyReason.map { ["certificate verify failed: \($0)"] } ?? []) + libraryErrors
        let logged = explained.isEmpty ? nil : explained.joined(separator: "; ")
        var detail = logged
        if usesTLS {
            let openSSLSaidWhy = verifyReason != nil || libraryErrors.contains { $0.contains("SSL") }
            if code == MosquittoCode.tls || openSSLSaidWhy {
                detail = "TLS handshake failed: " + (logged ?? "certificate verification or TLS setup failed")
            } else if code == MosquittoCode.errno && capturedErrno == EPROTO {
                detail = "TLS handshake failed: the broker closed the connection (it may require a client "
                    + "certificate, or reject this one)"
            }
        }
        return MosquittoError(operation: operation, code: code, capturedErrno: capturedErrno, detail: detail)
    }

    /// Why an established connection ended, for `.disconnected`.
    private func disconnectReason(code: Int32, capturedErrno: Int32) -> String {
        if code == MosquittoCode.success {
            return isStopRequested ? "stopped by the client" : "disconnected by the client"
        }
        let error = MosquittoError(operation: "mosquitto_loop", code: code, capturedErrno: capturedErrno)
        return "connection lost: \(error.message) (code \(code)" + (error.errno.map { ", errno \($0)" } ?? "") + ")"
    }
}

/// Message ids sent by `stop` and those acknowledged since.
struct StopAcknowledgements {
    var expected: Set<Int32> = []
    var acknowledged: Set<Int32> = []
}

/// The current connection attempt, as the callbacks and the network thread see it.
struct LinkState {
    /// Between an accepted CONNACK and the socket closing.
    var connected = false
    /// Set on an accepted CONNACK; read and cleared by the network thread.
    var connectedSinceLastCheck = false
    /// The attempt's outcome was already reported (or it connected), so it is not reported again.
    var failureReported = false
    /// A failure the disconnect callback explained before the network thread saw it.
    var pendingFailure: MosquittoError?
    /// Error lines libmosquitto logged during the attempt.
    var libraryErrors: [String] = []
    /// OpenSSL's reason for rejecting the broker's certificate during the attempt.
    var verifyReason: String?
}
