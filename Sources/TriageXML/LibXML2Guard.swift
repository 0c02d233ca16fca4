internal import CLibXML2

/// Process-wide libxml2 setting, made once before the first parse and never changed: every external
/// resource libxml2 might try to load (a DTD, an entity, a schema include or import) is refused. Parsing
/// never asks for one (``XMLReader`` refuses DOCTYPEs and ``XMLSchema`` refuses includes); this is the
/// second wall.
enum LibXML2Guard {
    private static let installed: Bool = {
        xmlSetExternalEntityLoader(refuseExternalResource)
        return true
    }()

    static func install() { _ = installed }
}

/// An external entity loader that loads nothing.
private func refuseExternalResource(
    _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?,
    _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    nil
}
