import Foundation
import Testing
import TriageKnowledge

@Suite struct KnowledgeVersionTests {
    @Test func digestFollowsContentAndPathsOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kbver-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/R/x", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/K", withIntermediateDirectories: true)
        try "<rules/>".write(toFile: root + "/R/x/a.xml", atomically: true, encoding: .utf8)
        try "<kb/>".write(toFile: root + "/K/b.xml", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: root + "/K/notes.md", atomically: true, encoding: .utf8)
        let first = KnowledgeVersion(rulesDirectory: root + "/R", knowledgeDirectory: root + "/K")
        #expect(first.files == 2)
        #expect(first.label.count == 19 && first.label.hasPrefix("kb-"))
        #expect(KnowledgeVersion(rulesDirectory: root + "/R", knowledgeDirectory: root + "/K") == first)
        try "changed".write(toFile: root + "/K/notes.md", atomically: true, encoding: .utf8)
        #expect(KnowledgeVersion(rulesDirectory: root + "/R", knowledgeDirectory: root + "/K") == first)
        try "<kb />".write(toFile: root + "/K/b.xml", atomically: true, encoding: .utf8)
        #expect(KnowledgeVersion(rulesDirectory: root + "/R", knowledgeDirectory: root + "/K").digest != first.digest)
    }
}
