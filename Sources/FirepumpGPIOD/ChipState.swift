import FirepumpHAL

/// A shim `fpgpiod_chip *`. Only ever passed to the shim while holding the driver's lock, and
/// never after ``ChipSession/close()`` closed it.
@safe struct ChipHandle {
    let raw: OpaquePointer
}

/// A shim `fpgpiod_line *`: one line's request. Only ever passed to the shim while holding the
/// driver's lock, and never after it was released.
@safe struct LineHandle {
    let raw: OpaquePointer
}

/// One line this driver holds, with the request it holds it through.
struct HeldLine {
    let handle: LineHandle
    let direction: LineDirection
    /// The logical edges the caller asked for; the reader drops any other kind.
    let edges: EdgeDetection
    let consumer: String
    /// The line's event descriptor (non-blocking) when it watches edges.
    var eventFD: Int32?
    /// Distinguishes this request from earlier and later ones of the same line, so the reader
    /// never reads a descriptor that was closed (and maybe reused) after it took its snapshot.
    let token: UInt64
    let onEdge: (@Sendable (EdgeEvent) -> Void)?
}

/// Everything guarded by the driver's lock: the chip handle and the lines requested through it.
/// libgpiod is not thread-safe, so every call on these handles happens while holding the lock.
struct ChipState {
    /// `nil` once the driver is closed.
    var chip: ChipHandle?
    var held: [Int: HeldLine] = [:]
    var nextToken: UInt64 = 1
    /// Set by ``ChipSession/close()``; the reader exits when it sees it.
    var stopping = false
    /// How many times the reader has taken its snapshot of ``watched``; a new one means it has
    /// come back from the `poll()` on the set before.
    var snapshots: UInt64 = 0

    init(chip: ChipHandle) {
        self.chip = chip
    }

    /// A fresh request token.
    mutating func takeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }

    /// What the reader watches: every held line with an event descriptor.
    var watched: [WatchedLine] {
        held.compactMap { line, held in
            held.eventFD.map { WatchedLine(line: line, fd: $0, token: held.token) }
        }
    }
}

/// One entry of the reader's `poll()` set.
struct WatchedLine: Sendable {
    let line: Int
    let fd: Int32
    let token: UInt64
}
