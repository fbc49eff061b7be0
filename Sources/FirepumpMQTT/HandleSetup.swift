internal import CMosquitto
internal import Glibc

/// Creates a libmosquitto handle configured from `options` whose callbacks reach `context`:
/// MQTT 3.1.1, threaded mode, credentials, TLS with peer verification, and the will.
/// The handle is destroyed again if any step fails.
func makeHandle(options: MQTTClientOptions, context: CallbackContext) throws(MosquittoError) -> OpaquePointer {
    let userdata = unsafe Unmanaged.passUnretained(context).toOpaque()
    let created = unsafe options.clientID.withCString { unsafe mosquitto_new($0, options.cleanSession, userdata) }
    guard let handle = unsafe created else {
        let capturedErrno = errno
        throw MosquittoError(
            operation: "mosquitto_new", code: MosquittoCode.errno, capturedErrno: capturedErrno)
    }
    do {
        try unsafe configure(handle, options: options)
    } catch {
        unsafe mosquitto_destroy(handle)
        throw error
    }
    return unsafe handle
}

/// Applies `options` to a fresh handle and installs the callbacks.
private func configure(_ handle: OpaquePointer, options: MQTTClientOptions) throws(MosquittoError) {
    try check("mosquitto_int_option", unsafe mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311))
    // Our own network thread drives the handle (see NetworkLoop.swift): this makes libmosquitto
    // lock its queues and wake that thread when another thread publishes.
    try check("mosquitto_threaded_set", unsafe mosquitto_threaded_set(handle, true))
    // Small packets go out at once: without this, a publish made just after we acknowledged a
    // message waits for the broker's delayed ACK (about 40 ms, Nagle's algorithm).
    try check("mosquitto_int_option", unsafe mosquitto_int_option(handle, MOSQ_OPT_TCP_NODELAY, 1))
    if let username = options.username {
        let rc = unsafe username.withCString { user in
            unsafe withOptionalCString(options.password) { password in
                unsafe mosquitto_username_pw_set(handle, user, password)
            }
        }
        try check("mosquitto_username_pw_set", rc)
    }
    if let tls = options.tls {
        try unsafe configureTLS(handle, tls)
    }
    if let will = options.will {
        let rc = unsafe will.payload.withUnsafeBytes { bytes in
            unsafe will.topic.withCString { topic in
                unsafe mosquitto_will_set(
                    handle, topic, Int32(bytes.count), bytes.baseAddress, Int32(will.qos), will.retain)
            }
        }
        try check("mosquitto_will_set", rc)
    }
    unsafe mosquitto_connect_callback_set(handle, connectCallback)
    unsafe mosquitto_disconnect_callback_set(handle, disconnectCallback)
    unsafe mosquitto_message_callback_set(handle, messageCallback)
    unsafe mosquitto_publish_callback_set(handle, publishCallback)
    unsafe mosquitto_unsubscribe_callback_set(handle, unsubscribeCallback)
    unsafe mosquitto_log_callback_set(handle, logCallback)
}

/// CA (and client certificate), always verifying the broker's certificate and host name.
private func configureTLS(_ handle: OpaquePointer, _ tls: MQTTTLSOptions) throws(MosquittoError) {
    let rc = unsafe tls.caFile.withCString { caFile in
        unsafe withOptionalCString(tls.certFile) { certFile in
            unsafe withOptionalCString(tls.keyFile) { keyFile in
                unsafe mosquitto_tls_set(handle, caFile, nil, certFile, keyFile, nil)
            }
        }
    }
    let files = [tls.caFile, tls.certFile, tls.keyFile].compactMap { $0 }.joined(separator: ", ")
    try check("mosquitto_tls_set", rc, detail: "check that these files exist and are readable: \(files)")
    // 1 is OpenSSL's SSL_VERIFY_PEER.
    try check("mosquitto_tls_opts_set", unsafe mosquitto_tls_opts_set(handle, 1, nil, nil))
    try check("mosquitto_tls_insecure_set", unsafe mosquitto_tls_insecure_set(handle, false))
}

/// Throws unless `code` is success.
private func check(_ operation: String, _ code: Int32, detail: String? = nil) throws(MosquittoError) {
    let capturedErrno = errno
    guard code == MosquittoCode.success else {
        throw MosquittoError(operation: operation, code: code, capturedErrno: capturedErrno, detail: detail)
    }
}

/// Calls `body` with `string` as a C string, or with nil.
private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return unsafe string.withCString { unsafe body($0) }
}
