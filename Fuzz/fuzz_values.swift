// libFuzzer target: FuzzEntryPoints.values (see FuzzEntryPoints.swift; built by `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = FuzzEntryPoints.values(count == 0 ? [] : Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}
