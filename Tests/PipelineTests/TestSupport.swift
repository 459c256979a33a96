// The shared test helpers (`ScratchFolder`), visible in every file of this
// suite: the suite's files used them before they moved to a target of their own.
@_exported import MsokoTestSupport
