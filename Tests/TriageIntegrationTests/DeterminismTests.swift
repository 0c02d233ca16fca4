import Testing
import TriageCore
import TriageEngine

/// The same inputs give byte-identical JSON, and a bundle analysed as a zip or as its folder gives the
/// same diagnosis (only the displayed paths differ).
@Suite struct DeterminismTests {
    @Test func sameBundleSameBytes() throws {
        let bundle = Pipeline.seedBundle("2022-11-08-BR0101-PC023")
        let runs = try (0..<3).map { _ in
            JSONReport.render(
                try Pipeline.analyze([bundle], observations: ["rollback-at-reboot": "true"]),
                language: .zhCN)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[1] == runs[2])
        #expect(runs[0].contains("\"payload-corrupt\""))
    }

    @Test func zipAndFolderAgree() throws {
        let folder = try Pipeline.analyze([Pipeline.seedBundle("2022-10-28-BR0101-PC023")])
        let zip = try Pipeline.analyze([Pipeline.seedBundle("2022-10-28-BR0101-PC023.zip")])
        #expect(folder.hypotheses.map(\.id) == zip.hypotheses.map(\.id))
        #expect(folder.hypotheses.map(\.probability) == zip.hypotheses.map(\.probability))
        #expect(folder.nextSteps.map(\.id) == zip.nextSteps.map(\.id))
        #expect(folder.sources.map(\.kind) == zip.sources.map(\.kind))
    }
}
