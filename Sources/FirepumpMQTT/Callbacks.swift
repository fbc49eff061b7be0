internal import CMosquitto
internal import Glibc

// libmosquitto's callbacks, as C function pointers. They run on the network thread, inside
// `mosquitto_loop`, and only yield events or queue packets on the handle they are given.

/// The `CallbackContext` behind libmosquitto's `userdata`. The `Session` that owns the handle
/// also owns the context, so the context outlives every callback.
private func callbackContext(_ userdata: UnsafeMutableRawPointer?) -> CallbackContext? {
    guard let userdata = unsafe userdata else { return nil }
    return unsafe Unmanaged<CallbackContext>.fromOpaque(userdata).takeUnretainedValue()
}

/// CONNACK arrived. Accepted: subscribe, publish the birth, then report `.connected`.
func connectCallback(_ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ code: Int32) {
    guard let handle = unsafe handle, let context = unsafe callbackContext(userdata) else { return }
    guard code == 0 else {
        context.connectionRefused(connack: code)
        return
    }
    for subscription in context.subscriptions {
        _ = unsafe mosquittoSubscribe(handle, subscription)
    }
    if let birth = context.birth {
        _ = unsafe mosquittoPublish(handle, birth())
    }
    context.connectionAccepted()
}

/// libmosquitto closed the socket: our DISCONNECT went out (code 0) or the connection failed.
func disconnectCallback(_ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ code: Int32) {
    let capturedErrno = errno
    guard let context = unsafe callbackContext(userdata) else { return }
    context.socketClosed(code: code, capturedErrno: capturedErrno)
}

/// A message arrived: copy it out of libmosquitto's memory and hand it on.
func messageCallback(
    _ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ message: UnsafePointer<mosquitto_message>?
) {
    guard let message = unsafe message, let context = unsafe callbackContext(userdata) else { return }
    let raw = unsafe message.pointee
    let topic = unsafe raw.topic.map { unsafe String(cString: $0) } ?? ""
    let length = unsafe Int(raw.payloadlen)
    var payload: [UInt8] = []
    if let bytes = unsafe raw.payload, length > 0 {
        payload = unsafe Array(UnsafeRawBufferPointer(start: bytes, count: length))
    }
    let qos = unsafe Int(raw.qos)
    let retain = unsafe raw.retain
    context.deliver(MQTTMessage(topic: topic, payload: payload, qos: qos, retain: retain))
}

/// A QoS 1/2 publish was acknowledged (or a QoS 0 one written).
func publishCallback(_ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ mid: Int32) {
    unsafe callbackContext(userdata)?.acknowledged(mid)
}

/// The broker acknowledged an UNSUBSCRIBE.
func unsubscribeCallback(_ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ mid: Int32) {
    unsafe callbackContext(userdata)?.acknowledged(mid)
}

/// libmosquitto's log: error lines are kept, because OpenSSL's errors for a failed TLS handshake
/// ("certificate verify failed") are reported nowhere else. libmosquitto logs them while the
/// failed connection's SSL object still exists, so this is also where OpenSSL's precise reason
/// for rejecting the broker's certificate can be read.
func logCallback(
    _ handle: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ level: Int32, _ text: UnsafePointer<CChar>?
) {
    guard level & MOSQ_LOG_ERR != 0, let text = unsafe text, let context = unsafe callbackContext(userdata) else {
        return
    }
    let line = unsafe String(cString: text)
    context.recordLibraryError(line)
    if line.contains("certificate verify failed"), let handle = unsafe handle,
        let reason = unsafe certificateVerifyReason(handle)
    {
        context.recordVerifyReason(reason)
    }
}
