/// Whether an install attempt installs an app rather than a Windows update: a Store app (the agent's title starts
/// with the 12-character Store product ID, `9NBLGGH3FL3T-Microsoft.VCLibs…`) or an app package provisioned with
/// DISM (`/Add-ProvisionedAppxPackage /PackagePath:….appx`). Their failures are the app's own: they do not show
/// that a Windows update failed, so the attempt carries `target=app` and its error codes the context `app`.
enum AppTarget {
    static let packageSuffixes = [".appx", ".msix", ".appxbundle", ".msixbundle"]

    static func isApp(package: String?, title: String?) -> Bool {
        if let package, packageSuffixes.contains(where: { hasSuffixIgnoringASCIICase(package, $0) }) { return true }
        if let title { return isStoreProductTitle(Array(title.utf8)) }
        return false
    }

    /// Whether `text` ends with `suffix` (ASCII, lower case), case ignored: an ASCII text on its bytes, letters
    /// folded, without a lower-cased copy (called for every install attempt); any other lower-cased and
    /// compared character by character.
    static func hasSuffixIgnoringASCIICase(_ text: String, _ suffix: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased().hasSuffix(suffix) }
        let tail = text.utf8.suffix(suffix.utf8.count)
        guard tail.count == suffix.utf8.count else { return false }
        return zip(tail, suffix.utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    /// `9` followed by 11 upper-case letters or digits, then `-`: the Store product ID that the agent puts
    /// before an app's package family name.
    static func isStoreProductTitle(_ b: [UInt8]) -> Bool {
        guard b.count > 13, b[0] == UInt8(ascii: "9"), b[12] == UInt8(ascii: "-") else { return false }
        for i in 1..<12 {
            let c = b[i]
            let upper = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
            let digit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            guard upper || digit else { return false }
        }
        return true
    }
}
