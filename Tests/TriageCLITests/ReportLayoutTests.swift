import Foundation
import Testing

/// The terminal report at 80 columns on every case bundle: no line wider than the terminal (CJK characters
/// count two), and the top hypothesis and the first next step within the first 15 lines.
@Suite(.enabled(if: TriageProcess.binary != nil)) struct ReportLayoutTests {
    static let bundles: [String] = {
        let cases = TriageProcess.repo.appendingPathComponent("Tests/Cases").path
        let fm = FileManager.default
        var found: [String] = []
        for name in ((try? fm.contentsOfDirectory(atPath: cases)) ?? []).sorted() {
            let folder = "Tests/Cases/\(name)/bundles"
            let entries = (try? fm.contentsOfDirectory(atPath: cases + "/\(name)/bundles")) ?? []
            found += entries.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
        }
        return found
    }()

    /// Columns on a terminal, counted independently of the report's own code: ideographs, kana, Hangul and
    /// fullwidth forms take two.
    static func columns(_ line: String) -> Int {
        line.unicodeScalars.reduce(0) { sum, s in
            let v = s.value
            let wide =
                s.properties.isIdeographic || (0x3000...0x30FF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xFF01...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }

    @Test func thereAreBundles() { #expect(Self.bundles.count >= 24) }

    @Test(arguments: bundles) func fitsEightyColumnsAndLeadsWithTheAnswer(_ bundle: String) throws {
        let env = ["COLUMNS": "80", "NO_COLOR": "1"]
        let json = try TriageProcess.run(["analyze", "--format", "json", bundle], environment: env)
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        let top = ((object["hypotheses"] as! [[String: Any]]).first?["id"] as? String) ?? ""
        let step = ((object["nextSteps"] as! [[String: Any]]).first?["procedure"] as? String) ?? ""
        let nothingRead = (object["findings"] as! [[String: Any]]).contains {
            $0["id"] as? String == "no-servicing-log"
        }
        for language in ["en", "zh-CN"] {
            let run = try TriageProcess.run(["analyze", "--lang", language, bundle], environment: env)
            #expect(run.status == 0)
            let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let wide = lines.filter { Self.columns($0) > 80 }
            #expect(wide.isEmpty, "\(bundle) \(language): \(wide.count) lines wider than 80: \(wide.prefix(3))")
            let head = lines.prefix(15)
            if !nothingRead {
                #expect(
                    head.contains { $0.contains(" \(top) ") || $0.contains("：\(top) ") },
                    "\(bundle) \(language): top \(top)")
            }
            #expect(
                step.isEmpty || head.contains { $0.contains(" \(step) ") || $0.contains(" \(step)—") },
                "\(bundle) \(language): first step \(step)")
        }
    }

    @Test func widthFollowsColumns() throws {
        let bundle = "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        let wide = try TriageProcess.run(["analyze", bundle], environment: ["COLUMNS": "200"])
        let narrow = try TriageProcess.run(["analyze", bundle], environment: ["COLUMNS": "60"])
        #expect(narrow.out.split(separator: "\n").allSatisfy { Self.columns(String($0)) <= 60 })
        #expect(wide.out.split(separator: "\n").contains { Self.columns(String($0)) > 80 })
        // Not a terminal and no COLUMNS: 80.
        let plain = try TriageProcess.run(["analyze", bundle], environment: [:])
        #expect(plain.out.split(separator: "\n").allSatisfy { Self.columns(String($0)) <= 80 })
        #expect(plain.out.split(separator: "\n").contains { Self.columns(String($0)) > 76 })
    }

    @Test func verboseListsEverySourceAndAttempt() throws {
        let bundle = "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        let short = try TriageProcess.run(["analyze", bundle], environment: ["COLUMNS": "80"])
        let long = try TriageProcess.run(["analyze", "--verbose", bundle], environment: ["COLUMNS": "80"])
        #expect(short.out.contains("… 3 more failed (--verbose lists them)"))
        #expect(!long.out.contains("more failed"))
        #expect(
            long.out.split(separator: "\n").filter {
                $0.hasPrefix("    2022-") && $0.contains(" failed ") && $0.contains(" wsus ")
            }.count == 7)
        #expect(long.out.contains("parsed   windowsupdate"))
        #expect(long.out.contains("$ "))
    }

    @Test func severalMachinesLeadTheReport() throws {
        let bundles = [
            "Tests/Cases/CAS-07397/bundles/2022-10-24-BR0101-PC017",
            "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        ]
        let run = try TriageProcess.run(["analyze"] + bundles, environment: ["COLUMNS": "80"])
        #expect(
            run.out.hasPrefix(
                """
                  ! several-machines: The logs come from 2 machines (BR0101-PC017,
                    BR0101-PC023): this one diagnosis mixes their evidence. Analyse one bundle
                    per machine, or run `triage fleet` over the bundles.
                    (2022-10-24-BR0101-PC017/CollectorInfo.txt:3)

                Verdict: 
                """))
        let json = try TriageProcess.run(["analyze", "--format", "json"] + bundles)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        #expect((object["findings"] as! [[String: Any]]).first?["id"] as? String == "several-machines")
    }
}
