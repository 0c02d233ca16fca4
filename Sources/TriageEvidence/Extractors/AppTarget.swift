/// Whether an install attempt installs an app rather than a Windows update: a Store app (the agent's title starts
/// with the 12-character Store product ID, `9NBLGGH3FL3T-Microsoft.VCLibs…`) or an app package provisioned with
/// DISM (`/Add-ProvisionedAppxPackage /PackagePath:….appx`). Their failures are the app's own: they do not show
/// that a Windows update failed, so the attempt carries `target=app` and its error codes the context `app`.
enum AppTarget {
    static let packageSuffixes = [".appx", ".msix", ".appxbundle", ".msixbundle"]

    static func isApp(package: String?, title: String?) -> Bool {
        if let package, hasAppPackageSuffix(package) { return true }
        if let title { return isStoreProductTitle(title) }
        return false
    }

    /// Whether `package` ends with one of ``packageSuffixes``, case ignored. Called for every install attempt:
    /// a name whose last byte is not an `x` or `e` (of either case) is rejected before any other test (no other
    /// character lower-cases to them, and a combining mark after one makes another character).
    static func hasAppPackageSuffix(_ package: String) -> Bool {
        guard let last = package.utf8.last, last | 0x20 == UInt8(ascii: "x") || last | 0x20 == UInt8(ascii: "e")
        else { return false }
        return packageSuffixes.contains { hasSuffixIgnoringASCIICase(package, $0) }
    }

    /// Whether `text` ends with `suffix` (ASCII, lower case), case ignored: an ASCII text on its bytes, letters
    /// folded, without a lower-cased copy; any other lower-cased and compared character by character.
    static func hasSuffixIgnoringASCIICase(_ text: String, _ suffix: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased().hasSuffix(suffix) }
        let tail = text.utf8.suffix(suffix.utf8.count)
        guard tail.count == suffix.utf8.count else { return false }
        return zip(tail, suffix.utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    /// `9` followed by 11 upper-case letters or digits, then `-` and more: the Store product ID that the agent
    /// puts before an app's package family name. Read on the title's bytes, without a copy.
    static func isStoreProductTitle(_ title: String) -> Bool {
        var position = 0
        for c in title.utf8 {
            switch position {
            case 0: guard c == UInt8(ascii: "9") else { return false }
            case 1...11:
                let upper = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
                let digit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
                guard upper || digit else { return false }
            case 12: guard c == UInt8(ascii: "-") else { return false }
            default: return true  // a 14th byte: more than the ID and its dash
            }
            position += 1
        }
        return false
    }
}
