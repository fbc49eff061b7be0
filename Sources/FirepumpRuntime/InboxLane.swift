/// A first-in first-out queue of at most `capacity` elements, for ``LoopInbox``'s two lanes.
/// Removing from the front is O(1) (amortised): the storage is compacted once half of it is spent.
struct InboxLane<Element> {
    let capacity: Int
    private var storage: [Element] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEmpty: Bool { head == storage.count }
    var isFull: Bool { storage.count - head >= capacity }
    var last: Element? { isEmpty ? nil : storage.last }

    /// Appends `element`; the caller checks ``isFull`` first.
    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Takes the oldest element.
    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Removes the oldest element that `matches`; whether there was one.
    mutating func removeOldest(where matches: (Element) -> Bool) -> Bool {
        guard let index = storage[head...].firstIndex(where: matches) else { return false }
        storage.remove(at: index)
        return true
    }
}
