/// A binary min-heap of wait deadlines with lazy deletion.
///
/// Entries are never removed when a wait ends early; the event loop discards
/// them when they surface (their wait id no longer matches a waiter) and
/// ``compact(keeping:)`` drops them in bulk when they outnumber live waits.
struct DeadlineHeap {
    struct Entry {
        var deadline: ContinuousClock.Instant
        var registration: UInt64
        var waitID: UInt64
        var interest: EventLoop.Interest
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }
    var first: Entry? { entries.first }

    /// Adds an entry; returns true when it became the earliest deadline.
    @discardableResult
    mutating func push(_ entry: Entry) -> Bool {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
        return child == 0
    }

    /// Removes and returns the earliest entry.
    mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        siftDown(from: 0)
        return first
    }

    /// Keeps only the entries `isLive` accepts, then restores the heap order.
    mutating func compact(keeping isLive: (Entry) -> Bool) {
        entries.removeAll { !isLive($0) }
        var index = entries.count / 2
        while index > 0 {
            index -= 1
            siftDown(from: index)
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count && entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count && entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == parent { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
