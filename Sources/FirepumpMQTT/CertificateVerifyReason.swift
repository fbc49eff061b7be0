internal import CMosquitto
internal import Glibc

/// OpenSSL's reason for rejecting the broker's certificate after a failed TLS handshake on
/// `handle`: "unable to get local issuer certificate", "certificate has expired", "certificate is
/// not yet valid" (a Raspberry Pi whose clock is not set yet), ... libmosquitto only logs
/// "certificate verify failed".
///
/// libmosquitto keeps the failed connection's `SSL` object until the next connect; OpenSSL's
/// `SSL_get_verify_result` and `X509_verify_cert_error_string` are looked up at run time in the
/// libssl that libmosquitto already loaded, so building needs no OpenSSL headers. Nil when they
/// cannot be found or verification did not fail.
func certificateVerifyReason(_ handle: OpaquePointer) -> String? {
    guard let ssl = unsafe mosquitto_ssl_get(handle),
        let program = unsafe dlopen(nil, RTLD_NOW | RTLD_NOLOAD)
    else { return nil }
    defer { _ = unsafe dlclose(program) }
    guard let getResult = unsafe dlsym(program, "SSL_get_verify_result"),
        let errorString = unsafe dlsym(program, "X509_verify_cert_error_string")
    else { return nil }
    typealias GetVerifyResult = @convention(c) (UnsafeMutableRawPointer?) -> Int
    typealias VerifyErrorString = @convention(c) (Int) -> UnsafePointer<CChar>?
    let result = unsafe unsafeBitCast(getResult, to: GetVerifyResult.self)(ssl)
    guard result != 0 else { return nil }
    guard let text = unsafe unsafeBitCast(errorString, to: VerifyErrorString.self)(result) else {
        return "certificate verify error \(result)"
    }
    return unsafe String(cString: text) + " (X509 verify error \(result))"
}
