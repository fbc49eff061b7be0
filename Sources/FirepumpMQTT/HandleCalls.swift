internal import CMosquitto

// Thin wrappers over the libmosquitto calls made from more than one place.

/// `mosquitto_publish` of `message`; returns the result code and the message id it was given.
func mosquittoPublish(_ handle: OpaquePointer, _ message: MQTTOutgoing) -> (code: Int32, mid: Int32) {
    var mid: Int32 = 0
    let code = unsafe message.payload.withUnsafeBytes { bytes in
        unsafe message.topic.withCString { topic in
            unsafe mosquitto_publish(
                handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, Int32(message.qos), message.retain)
        }
    }
    return (code, mid)
}

/// `mosquitto_subscribe` to `subscription`; returns the result code.
func mosquittoSubscribe(_ handle: OpaquePointer, _ subscription: MQTTSubscription) -> Int32 {
    unsafe subscription.topic.withCString { topic in
        unsafe mosquitto_subscribe(handle, nil, topic, Int32(subscription.qos))
    }
}
