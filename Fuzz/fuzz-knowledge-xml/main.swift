import Foundation
import FuzzDriver
import TriageKnowledge
import TriageXML

// libFuzzer harness: one input loaded as a knowledge file (parse with the secure options, validate against the
// shipped schemas, decode, lint) and compiled as a schema. The schemas are read once from the repository
// (TRIAGE_REPO, default the current folder). Built by scripts/fuzz.sh.
let repo = ProcessInfo.processInfo.environment["TRIAGE_REPO"] ?? "."
let schemas = KnowledgeSchemas.load(rulesDirectory: repo + "/Rules", knowledgeDirectory: repo + "/KnowledgeBase").0

runLibFuzzer { data, size in
    let bytes = fuzzInput(data, size)
    _ = KnowledgeLoader.load(bytes: bytes, file: "fuzz.xml", schemas: schemas)
    _ = try? XMLSchema(bytes: bytes, name: "fuzz.xsd")
    return 0
}
