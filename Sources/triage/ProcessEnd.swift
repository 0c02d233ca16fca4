import Foundation

/// The end of a command that read a large input: its output written, the process ends at once instead of
/// releasing what it built piece by piece (the facts, attempts and report of a large input are tens of
/// thousands of arrays and strings; the system takes the memory back whole, as clang's `-disable-free` leaves
/// a compiler's syntax trees to the exit).
enum ProcessEnd {
    /// Keeps `values` alive, flushes standard output and ends the process with status 0.
    static func now(keeping values: Any...) -> Never {
        withExtendedLifetime(values) {
            fflush(nil)
            Foundation.exit(0)
        }
    }
}
