print("triage-bench")
