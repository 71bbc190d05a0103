/// Bytes received from a peer and not yet consumed by a parser.
///
/// Parsers read from ``readableBytesView`` and advance the reader index only
/// once they have a complete unit (a reply line, a response); an incomplete
/// unit leaves the buffer untouched so that more bytes can be appended and the
/// parse retried.
public struct InputBuffer: Sendable, Hashable {
    @usableFromInline var storage: [UInt8]
    @usableFromInline var readerIndex: Int

    public init() {
        self.storage = []
        self.readerIndex = 0
    }

    public init<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        self.storage = Array(bytes)
        self.readerIndex = 0
    }

    public init(_ string: String) {
        self.init(Array(string.utf8))
    }

    /// Number of bytes not yet consumed.
    @inlinable
    public var readableBytes: Int { storage.count - readerIndex }

    @inlinable
    public var isEmpty: Bool { readableBytes == 0 }

    /// The unconsumed bytes. Indices are those of the underlying storage:
    /// use `startIndex`, never `0`.
    @inlinable
    public var readableBytesView: ArraySlice<UInt8> { storage[readerIndex...] }

    @inlinable
    public mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthwhile()
        storage.append(contentsOf: bytes)
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        storage.append(contentsOf: bytes)
    }

    /// Marks `count` bytes as consumed.
    @inlinable
    public mutating func moveReaderIndex(forwardBy count: Int) {
        precondition(count >= 0 && count <= readableBytes, "moving the reader index past the readable bytes")
        readerIndex += count
        if readerIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 16_384)
            readerIndex = 0
        }
    }

    /// Moves the reader index to an absolute index of ``readableBytesView``.
    @inlinable
    public mutating func moveReaderIndex(to index: Int) {
        moveReaderIndex(forwardBy: index - readerIndex)
    }

    /// Consumes and returns `count` bytes.
    @inlinable
    public mutating func readBytes(_ count: Int) -> [UInt8] {
        let bytes = Array(storage[readerIndex..<readerIndex + count])
        moveReaderIndex(forwardBy: count)
        return bytes
    }

    /// Drops every unconsumed byte (after STARTTLS, bytes the peer sent before
    /// the handshake must never be acted upon).
    @inlinable
    public mutating func clear() {
        storage.removeAll(keepingCapacity: false)
        readerIndex = 0
    }

    /// Index (into ``readableBytesView``) of the first `byte` at or after `start`.
    @inlinable
    public func firstIndex(of byte: UInt8, from start: Int? = nil) -> Int? {
        let from = start ?? readerIndex
        guard from < storage.count else { return nil }
        return storage[from...].firstIndex(of: byte)
    }

    @inlinable
    mutating func compactIfWorthwhile() {
        if readerIndex > 0 && readerIndex >= storage.count / 2 {
            storage.removeSubrange(0..<readerIndex)
            readerIndex = 0
        }
    }
}
