import Synchronization

/// The ports of every ``MosquittoBroker`` alive in this process, held for the broker's whole life,
/// also while it is down between `kill()` and `start()`.
///
/// Without this, a broker killed for a reconnect test frees its port, another test's new broker
/// may be given that port, and the first broker's restart then fails to bind while its readiness
/// probe connects to the other broker: two tests would share one broker and see each other's
/// messages.
enum BrokerPorts {
    private static let reserved = Mutex<Set<Int>>([])

    /// A free loopback port that no live broker of this process holds, now held until ``release(_:)``.
    static func reserve() throws -> Int {
        for _ in 0..<100 {
            let port = try freeLoopbackPort()
            if reserved.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw MosquittoHarnessError("no free loopback port that another broker of this process does not hold")
    }

    /// Gives `port` back.
    static func release(_ port: Int) {
        _ = reserved.withLock { $0.remove(port) }
    }
}
