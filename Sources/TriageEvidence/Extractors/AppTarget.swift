/// Whether an install attempt installs an app rather than a Windows update: a Store app (the agent's title starts
/// with the 12-character Store product ID, `9NBLGGH3FL3T-Microsoft.VCLibs…`) or an app package provisioned with
/// DISM (`/Add-ProvisionedAppxPackage /PackagePath:….appx`). Their failures are the app's own: they do not show
/// that a Windows update failed, so the attempt carries `target=app` and its error codes the context `app`.
enum AppTarget {
    static let packageSuffixes = [".appx", ".msix", ".appxbundle", ".msixbundle"]

    static func isApp(package: String?, title: String?) -> Bool {
        if let package {
            let lower = package.lowercased()
            if packageSuffixes.contains(where: { lower.hasSuffix($0) }) { return true }
        }
        if let title { return isStoreProductTitle(Array(title.utf8)) }
        return false
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
