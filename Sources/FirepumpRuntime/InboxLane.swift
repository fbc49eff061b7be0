/// One of ``LoopInbox``'s two lanes: a first-in first-out queue of at most `capacity` entries.
/// Taking from the front is O(1) (amortised): the storage is compacted once half of it is spent.
struct InboxLane {
    let capacity: Int
    private var storage: [LoopEntry] = []
    private var head = 0
    /// How many queued entries are refusals, so a full lane of others is not searched for one.
    private var refusals = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEmpty: Bool { head == storage.count }
    var isFull: Bool { storage.count - head >= capacity }
    var last: LoopEntry? { isEmpty ? nil : storage.last }

    /// Appends `entry`; the caller checks ``isFull`` first.
    mutating func append(_ entry: LoopEntry) {
        if entry.isRefusal { refusals += 1 }
        storage.append(entry)
    }

    /// Takes the oldest entry.
    mutating func popFirst() -> LoopEntry? {
        guard !isEmpty else { return nil }
        let entry = storage[head]
        if entry.isRefusal { refusals -= 1 }
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return entry
    }

    /// Removes the oldest refusal; whether there was one.
    mutating func removeOldestRefusal() -> Bool {
        guard refusals > 0, let index = storage[head...].firstIndex(where: { $0.isRefusal }) else { return false }
        storage.remove(at: index)
        refusals -= 1
        return true
    }
}
