// Golden outputs for GoldenFixture, reviewed by hand. Regenerate only deliberately: a failing golden test
// writes the actual output to /tmp/triage-golden-<name>.txt for diffing.

enum Golden {
    static let textEN = ##"""
        Verdict: payload-corrupt 81.6% — The update package the machine received is
          corrupt
          because: Files of a WSUS-delivered update are corrupt (WindowsUpdate.log:12)

        Next step:
         1. clear-download-cache-retry — Do clear-download-cache-retry (15 min, admin,
              risk low)
            Customer:
            1. Open a prompt.
            2. Run:
            (all steps and commands: --verbose; the reply to the customer: --format
             mail)
            Why: Remedy for payload-corrupt, which leads with 82% (threshold 60%).

        Hypotheses:
         1. payload-corrupt          81.6% ████████░░
            The update package the machine received is corrupt
            + WindowsUpdate.log:12  2022/11/07 09:12:01 Misc WSUS server:
                http://92.0.14.83:8530
            + WindowsUpdate.log:40  2022/11/07 09:15:44 Handler *FAILED* [80070570]
                Install failed
            + WindowsUpdate.log:55  2022/11/07 09:31:02 Handler *FAILED* [80070570]
                Install failed
         2. servicing-interrupted    10.9% █░░░░░░░░░
            Servicing was interrupted
            + WindowsUpdate.log:93  2022/11/07 10:41:00 Agent *FAILED* [8024001E]
                Service stop
            + CBS.log:210  2022-10-27 16:03:11, Error CBS Failed to extract package
                [HRESULT = 0x800f0821 - CBS_E_ABORT]
         3. component-store-corrupt   6.8% █░░░░░░░░░
            The component store is damaged
            + CBS.log:210  2022-10-27 16:03:11, Error CBS Failed to extract package
                [HRESULT = 0x800f0821 - CBS_E_ABORT]
            other / not explained     0.8%

        Then:
         2. offline-install-with-hash — Install the offline package after checking its
              hash (30 min, reboot, admin, risk low)
            Why: Separates payload-corrupt from component-store-corrupt: succeeded ⇒ the
            package delivered by WSUS was at fault; same-error ⇒ the machine itself is …
         3. dism-scanhealth — Do dism-scanhealth (20 min, admin, risk none)
            Why: Tests component-store-corrupt: collects dism to settle “DISM found
            component store corruption” (⇒ component-store-corrupt).

        Installs:
          KB5016623  1 failed
            2022-10-27T15:58:40  failed     wsus  0x800f0821  CBS.log:180
          KB5012170  1 succeeded

        Symptoms:
          • online install (wsus)

        Findings:
          ! collector-outdated: The bundle was made by CMGELogCollector 1.0; the current
            version is 2.0. (WindowsUpdate.log:1)

        Machine: BRANCH-PC-017 · build 19041.1889 · amd64 · collector
          CMGELogCollector.exe
        Sources: 3 files, 2 parsed, 1 skipped
          skipped  etl             trace.etl — binary file
          (parsed files: --verbose)

        """##

    static let textZH = ##"""
        结论：payload-corrupt 81.6%——计算机收到的更新包已损坏
          依据：规则 wsus/payload-corrupt-from-wsus（WindowsUpdate.log:12）

        下一步：
         1. clear-download-cache-retry——执行 clear-download-cache-retry（15 分钟，需管理
              员权限，风险低）
            客户操作：
            1. 打开命令提示符。
            2. 运行：
            （全部步骤和命令见 --verbose；给客户的回复见 --format mail）
            原因：payload-corrupt 以 82% 领先（阈值 60%），采取其修复措施。

        假设：
         1. payload-corrupt          81.6% ████████░░
            计算机收到的更新包已损坏
            + WindowsUpdate.log:12  2022/11/07 09:12:01 Misc WSUS server:
                http://92.0.14.83:8530
            + WindowsUpdate.log:40  2022/11/07 09:15:44 Handler *FAILED* [80070570]
                Install failed
            + WindowsUpdate.log:55  2022/11/07 09:31:02 Handler *FAILED* [80070570]
                Install failed
         2. servicing-interrupted    10.9% █░░░░░░░░░
            维护操作被中断
            + WindowsUpdate.log:93  2022/11/07 10:41:00 Agent *FAILED* [8024001E]
                Service stop
            + CBS.log:210  2022-10-27 16:03:11, Error CBS Failed to extract package
                [HRESULT = 0x800f0821 - CBS_E_ABORT]
         3. component-store-corrupt   6.8% █░░░░░░░░░
            组件存储已损坏
            + CBS.log:210  2022-10-27 16:03:11, Error CBS Failed to extract package
                [HRESULT = 0x800f0821 - CBS_E_ABORT]
            其他 / 无法解释           0.8%

        其后：
         2. offline-install-with-hash——校验哈希后安装离线更新包（30 分钟，需重启，需管理
              员权限，风险低）
            原因：区分 payload-corrupt 与 component-store-corrupt：succeeded ⇒ WSUS 下发
            的更新包有问题；same-error ⇒ 计算机本身已损坏。规则 …
         3. dism-scanhealth——执行 dism-scanhealth（20 分钟，需管理员权限，风险无）
            原因：检验 component-store-corrupt：收集 dism 以判定“规则
            dism/store-corrupt”（⇒ component-store-corrupt）。

        安装记录：
          KB5016623  1 次失败
            2022-10-27T15:58:40  失败       wsus  0x800f0821  CBS.log:180
          KB5012170  1 次成功

        症状：
          • 联机安装（wsus）

        发现：
          ! collector-outdated：日志包由 CMGELogCollector 1.0 生成；当前版本为 2.0。
            （WindowsUpdate.log:1）

        计算机：BRANCH-PC-017 · 版本 19041.1889 · amd64 · 收集工具 CMGELogCollector.exe
        来源：3 个文件，已解析 2 个，跳过 1 个
          已跳过   etl             trace.etl — binary file
          （已解析文件见 --verbose）

        """##

    static let jsonEN = ##"""
        {
          "entropy": 0.9049,
          "findings": [
            {
              "current": "2.0",
              "evidence": [
                {
                  "file": "WindowsUpdate.log",
                  "kind": "collector",
                  "line": 1,
                  "text": "collector"
                }
              ],
              "found": "1.0",
              "id": "collector-outdated",
              "message": "The bundle was made by CMGELogCollector 1.0; the current version is 2.0.",
              "tool": "cmge-log-collector"
            }
          ],
          "hypotheses": [
            {
              "against": [],
              "children": [],
              "id": "payload-corrupt",
              "missing": [
                {
                  "direction": "opposes",
                  "rule": "offline/same-error",
                  "strength": "strong",
                  "title": "The offline package failed the same way",
                  "unknown": [
                    {
                      "condition": "observation offline-install-result = same-error",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "nobody observed offline-install-result"
                    }
                  ]
                },
                {
                  "direction": "supports",
                  "rule": "offline/succeeded",
                  "strength": "strong",
                  "title": "The offline package installed",
                  "unknown": [
                    {
                      "condition": "observation offline-install-result = succeeded",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "nobody observed offline-install-result"
                    }
                  ]
                }
              ],
              "parent": null,
              "prior": 0.27,
              "probability": 0.8157,
              "remedies": [
                "clear-download-cache-retry"
              ],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "update-source",
                      "line": 12,
                      "text": "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530",
                      "time": "2022-11-07T09:12:01"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 40,
                      "text": "2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:15:44"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 55,
                      "text": "2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:31:02"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 71,
                      "text": "2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:02:13"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 88,
                      "text": "2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:40:09"
                    }
                  ],
                  "factor": 10,
                  "file": "WindowsUpdate.log",
                  "line": 12,
                  "ratio": 10,
                  "rule": "wsus/payload-corrupt-from-wsus",
                  "shared": false,
                  "strength": "strong",
                  "title": "Files of a WSUS-delivered update are corrupt"
                },
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 4,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 4,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "moderate",
                  "title": "CBS aborted while extracting the package"
                }
              ],
              "title": "The update package the machine received is corrupt"
            },
            {
              "against": [],
              "children": [],
              "id": "servicing-interrupted",
              "missing": [],
              "parent": null,
              "prior": 0.18,
              "probability": 0.1088,
              "remedies": [],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 93,
                      "text": "2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Service stop",
                      "time": "2022-11-07T10:41:00"
                    }
                  ],
                  "factor": 4,
                  "file": "WindowsUpdate.log",
                  "line": 93,
                  "ratio": 4,
                  "rule": "wu/service-stop",
                  "shared": false,
                  "strength": "moderate",
                  "title": "The update service stopped during the operation"
                },
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 2,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 2,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "weak",
                  "title": "CBS aborted while extracting the package"
                }
              ],
              "title": "Servicing was interrupted"
            },
            {
              "against": [],
              "children": [],
              "id": "component-store-corrupt",
              "missing": [
                {
                  "direction": "supports",
                  "rule": "dism/store-corrupt",
                  "strength": "strong",
                  "title": "DISM found component store corruption",
                  "unknown": [
                    {
                      "condition": "error-code{code = 0x800f081f} in dism",
                      "procedures": [
                        "dism-restorehealth",
                        "dism-scanhealth"
                      ],
                      "reason": "not collected: dism"
                    }
                  ]
                },
                {
                  "direction": "supports",
                  "rule": "offline/same-error",
                  "strength": "strong",
                  "title": "The offline package failed the same way",
                  "unknown": [
                    {
                      "condition": "observation offline-install-result = same-error",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "nobody observed offline-install-result"
                    }
                  ]
                },
                {
                  "direction": "opposes",
                  "rule": "offline/succeeded",
                  "strength": "moderate",
                  "title": "The offline package installed",
                  "unknown": [
                    {
                      "condition": "observation offline-install-result = succeeded",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "nobody observed offline-install-result"
                    }
                  ]
                }
              ],
              "parent": null,
              "prior": 0.225,
              "probability": 0.068,
              "remedies": [
                "dism-restorehealth"
              ],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 4,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 4,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "moderate",
                  "title": "CBS aborted while extracting the package"
                }
              ],
              "title": "The component store is damaged"
            },
            {
              "against": [
                {
                  "direction": "opposes",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "install-attempt",
                      "line": 180,
                      "text": "2022-10-27 15:58:40, Info CBS Session initialized by client WindowsUpdateAgent.",
                      "time": "2022-10-27T15:58:40"
                    }
                  ],
                  "factor": 0.02,
                  "file": "CBS.log",
                  "line": 180,
                  "ratio": 50,
                  "rule": "general/failed-install",
                  "shared": false,
                  "strength": "decisive",
                  "title": "An install attempt failed"
                },
                {
                  "direction": "opposes",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "update-source",
                      "line": 12,
                      "text": "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530",
                      "time": "2022-11-07T09:12:01"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 40,
                      "text": "2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:15:44"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 55,
                      "text": "2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:31:02"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 71,
                      "text": "2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:02:13"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 88,
                      "text": "2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:40:09"
                    }
                  ],
                  "factor": 0.02,
                  "file": "WindowsUpdate.log",
                  "line": 12,
                  "ratio": 50,
                  "rule": "wsus/payload-corrupt-from-wsus",
                  "shared": false,
                  "strength": "decisive",
                  "title": "Files of a WSUS-delivered update are corrupt"
                }
              ],
              "children": [],
              "id": "no-failure-captured",
              "missing": [],
              "parent": null,
              "prior": 0.225,
              "probability": 0,
              "remedies": [
                "confirm-failing-update"
              ],
              "residual": null,
              "support": [],
              "title": "The bundle holds no failed install"
            }
          ],
          "installs": [
            {
              "attempts": [
                {
                  "channel": "windows-update",
                  "file": "CBS.log",
                  "hresult": null,
                  "line": 20,
                  "result": "succeeded",
                  "started": "2022-08-10T03:00:00"
                }
              ],
              "failed": 0,
              "kb": "KB5012170",
              "succeeded": 1
            },
            {
              "attempts": [
                {
                  "channel": "wsus",
                  "file": "CBS.log",
                  "hresult": "0x800f0821",
                  "line": 180,
                  "result": "failed",
                  "started": "2022-10-27T15:58:40"
                }
              ],
              "failed": 1,
              "kb": "KB5016623",
              "succeeded": 0
            }
          ],
          "language": "en",
          "machine": {
            "arch": "amd64",
            "collectors": [
              "CMGELogCollector.exe"
            ],
            "edition": null,
            "name": "BRANCH-PC-017",
            "names": [
              "BRANCH-PC-017"
            ],
            "osBuild": "19041.1889"
          },
          "nextSteps": [
            {
              "cost": {
                "admin": true,
                "effective": 35,
                "minutes": 15,
                "reboot": false,
                "risk": "low"
              },
              "gain": 0,
              "kind": "remediate",
              "outcomes": [],
              "procedure": "clear-download-cache-retry",
              "reason": "Remedy for payload-corrupt, which leads with 82% (threshold 60%).",
              "recommendedBy": [],
              "role": "remedy",
              "score": 0,
              "separates": [],
              "title": "Do clear-download-cache-retry"
            },
            {
              "cost": {
                "admin": true,
                "effective": 80,
                "minutes": 30,
                "reboot": true,
                "risk": "low"
              },
              "gain": 0.3715,
              "kind": "test",
              "outcomes": [
                {
                  "favours": "payload-corrupt",
                  "label": "offline-install-result=succeeded",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.9839,
                  "meaning": "the package delivered by WSUS was at fault",
                  "probability": 0.8674
                },
                {
                  "favours": "component-store-corrupt",
                  "label": "offline-install-result=same-error",
                  "leader": "component-store-corrupt",
                  "leaderProbability": 0.7745,
                  "meaning": "the machine itself is damaged",
                  "probability": 0.1326
                }
              ],
              "procedure": "offline-install-with-hash",
              "reason": "Separates payload-corrupt from component-store-corrupt: succeeded ⇒ the package delivered by WSUS was at fault; same-error ⇒ the machine itself is damaged. Recommended by rule wsus/payload-corrupt-from-wsus.",
              "recommendedBy": [
                "wsus/payload-corrupt-from-wsus"
              ],
              "role": "observe",
              "score": 0.6865,
              "separates": [
                "payload-corrupt",
                "component-store-corrupt"
              ],
              "title": "Install the offline package after checking its hash"
            },
            {
              "cost": {
                "admin": true,
                "effective": 30,
                "minutes": 20,
                "reboot": false,
                "risk": "none"
              },
              "gain": 0.0359,
              "kind": "collect",
              "outcomes": [
                {
                  "favours": "component-store-corrupt",
                  "label": "dism/store-corrupt",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.5061,
                  "meaning": "DISM found component store corruption",
                  "probability": 0.5278
                }
              ],
              "procedure": "dism-scanhealth",
              "reason": "Tests component-store-corrupt: collects dism to settle “DISM found component store corruption” (⇒ component-store-corrupt).",
              "recommendedBy": [],
              "role": "observe",
              "score": 0.0717,
              "separates": [
                "component-store-corrupt"
              ],
              "title": "Do dism-scanhealth"
            },
            {
              "cost": {
                "admin": true,
                "effective": 80,
                "minutes": 40,
                "reboot": false,
                "risk": "medium"
              },
              "gain": 0.0359,
              "kind": "remediate",
              "outcomes": [
                {
                  "favours": "component-store-corrupt",
                  "label": "dism/store-corrupt",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.5061,
                  "meaning": "DISM found component store corruption",
                  "probability": 0.5278
                }
              ],
              "procedure": "dism-restorehealth",
              "reason": "Tests component-store-corrupt: collects dism to settle “DISM found component store corruption” (⇒ component-store-corrupt).",
              "recommendedBy": [],
              "role": "observe",
              "score": 0.0269,
              "separates": [
                "component-store-corrupt"
              ],
              "title": "Do dism-restorehealth"
            }
          ],
          "observations": [],
          "other": {
            "prior": 0.1,
            "probability": 0.0076
          },
          "ranked": true,
          "rules": {
            "fired": [
              "cbs/abort-while-extracting",
              "general/failed-install",
              "wsus/payload-corrupt-from-wsus",
              "wu/service-stop"
            ],
            "unknown": [
              "dism/store-corrupt",
              "offline/same-error",
              "offline/succeeded"
            ]
          },
          "settings": {
            "leaderThreshold": 0.6,
            "otherPrior": 0.1
          },
          "sources": [
            {
              "encoding": "utf-8",
              "kind": "cbs",
              "lines": 420,
              "path": "CBS.log",
              "status": "parsed"
            },
            {
              "encoding": "utf-8",
              "kind": "windowsupdate",
              "lines": 130,
              "path": "WindowsUpdate.log",
              "status": "parsed"
            },
            {
              "encoding": "binary",
              "kind": "etl",
              "lines": 0,
              "path": "trace.etl",
              "reason": "binary file",
              "status": "skipped"
            }
          ],
          "symptoms": [
            {
              "evidence": [
                {
                  "file": "CBS.log",
                  "kind": "install-attempt",
                  "line": 180,
                  "text": "2022-10-27 15:58:40, Info CBS Session initialized by client WindowsUpdateAgent.",
                  "time": "2022-10-27T15:58:40"
                }
              ],
              "id": "install-channel",
              "message": "online install (wsus)",
              "value": "wsus"
            }
          ]
        }

        """##

    static let jsonZH = ##"""
        {
          "entropy": 0.9049,
          "findings": [
            {
              "current": "2.0",
              "evidence": [
                {
                  "file": "WindowsUpdate.log",
                  "kind": "collector",
                  "line": 1,
                  "text": "collector"
                }
              ],
              "found": "1.0",
              "id": "collector-outdated",
              "message": "日志包由 CMGELogCollector 1.0 生成；当前版本为 2.0。",
              "tool": "cmge-log-collector"
            }
          ],
          "hypotheses": [
            {
              "against": [],
              "children": [],
              "id": "payload-corrupt",
              "missing": [
                {
                  "direction": "opposes",
                  "rule": "offline/same-error",
                  "strength": "strong",
                  "title": "规则 offline/same-error",
                  "unknown": [
                    {
                      "condition": "观察 offline-install-result = same-error",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "尚无人观察 offline-install-result"
                    }
                  ]
                },
                {
                  "direction": "supports",
                  "rule": "offline/succeeded",
                  "strength": "strong",
                  "title": "规则 offline/succeeded",
                  "unknown": [
                    {
                      "condition": "观察 offline-install-result = succeeded",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "尚无人观察 offline-install-result"
                    }
                  ]
                }
              ],
              "parent": null,
              "prior": 0.27,
              "probability": 0.8157,
              "remedies": [
                "clear-download-cache-retry"
              ],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "update-source",
                      "line": 12,
                      "text": "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530",
                      "time": "2022-11-07T09:12:01"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 40,
                      "text": "2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:15:44"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 55,
                      "text": "2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:31:02"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 71,
                      "text": "2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:02:13"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 88,
                      "text": "2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:40:09"
                    }
                  ],
                  "factor": 10,
                  "file": "WindowsUpdate.log",
                  "line": 12,
                  "ratio": 10,
                  "rule": "wsus/payload-corrupt-from-wsus",
                  "shared": false,
                  "strength": "strong",
                  "title": "规则 wsus/payload-corrupt-from-wsus"
                },
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 4,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 4,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "moderate",
                  "title": "规则 cbs/abort-while-extracting"
                }
              ],
              "title": "计算机收到的更新包已损坏"
            },
            {
              "against": [],
              "children": [],
              "id": "servicing-interrupted",
              "missing": [],
              "parent": null,
              "prior": 0.18,
              "probability": 0.1088,
              "remedies": [],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 93,
                      "text": "2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Service stop",
                      "time": "2022-11-07T10:41:00"
                    }
                  ],
                  "factor": 4,
                  "file": "WindowsUpdate.log",
                  "line": 93,
                  "ratio": 4,
                  "rule": "wu/service-stop",
                  "shared": false,
                  "strength": "moderate",
                  "title": "规则 wu/service-stop"
                },
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 2,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 2,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "weak",
                  "title": "规则 cbs/abort-while-extracting"
                }
              ],
              "title": "维护操作被中断"
            },
            {
              "against": [],
              "children": [],
              "id": "component-store-corrupt",
              "missing": [
                {
                  "direction": "supports",
                  "rule": "dism/store-corrupt",
                  "strength": "strong",
                  "title": "规则 dism/store-corrupt",
                  "unknown": [
                    {
                      "condition": "error-code{code = 0x800f081f}（来自 dism）",
                      "procedures": [
                        "dism-restorehealth",
                        "dism-scanhealth"
                      ],
                      "reason": "未收集：dism"
                    }
                  ]
                },
                {
                  "direction": "supports",
                  "rule": "offline/same-error",
                  "strength": "strong",
                  "title": "规则 offline/same-error",
                  "unknown": [
                    {
                      "condition": "观察 offline-install-result = same-error",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "尚无人观察 offline-install-result"
                    }
                  ]
                },
                {
                  "direction": "opposes",
                  "rule": "offline/succeeded",
                  "strength": "moderate",
                  "title": "规则 offline/succeeded",
                  "unknown": [
                    {
                      "condition": "观察 offline-install-result = succeeded",
                      "procedures": [
                        "offline-install-with-hash"
                      ],
                      "reason": "尚无人观察 offline-install-result"
                    }
                  ]
                }
              ],
              "parent": null,
              "prior": 0.225,
              "probability": 0.068,
              "remedies": [
                "dism-restorehealth"
              ],
              "residual": null,
              "support": [
                {
                  "direction": "supports",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "error-code",
                      "line": 210,
                      "text": "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]",
                      "time": "2022-10-27T16:03:11"
                    }
                  ],
                  "factor": 4,
                  "file": "CBS.log",
                  "line": 210,
                  "ratio": 4,
                  "rule": "cbs/abort-while-extracting",
                  "shared": false,
                  "strength": "moderate",
                  "title": "规则 cbs/abort-while-extracting"
                }
              ],
              "title": "组件存储已损坏"
            },
            {
              "against": [
                {
                  "direction": "opposes",
                  "evidence": [
                    {
                      "file": "CBS.log",
                      "kind": "install-attempt",
                      "line": 180,
                      "text": "2022-10-27 15:58:40, Info CBS Session initialized by client WindowsUpdateAgent.",
                      "time": "2022-10-27T15:58:40"
                    }
                  ],
                  "factor": 0.02,
                  "file": "CBS.log",
                  "line": 180,
                  "ratio": 50,
                  "rule": "general/failed-install",
                  "shared": false,
                  "strength": "decisive",
                  "title": "规则 general/failed-install"
                },
                {
                  "direction": "opposes",
                  "evidence": [
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "update-source",
                      "line": 12,
                      "text": "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530",
                      "time": "2022-11-07T09:12:01"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 40,
                      "text": "2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:15:44"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 55,
                      "text": "2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T09:31:02"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 71,
                      "text": "2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:02:13"
                    },
                    {
                      "file": "WindowsUpdate.log",
                      "kind": "error-code",
                      "line": 88,
                      "text": "2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed",
                      "time": "2022-11-07T10:40:09"
                    }
                  ],
                  "factor": 0.02,
                  "file": "WindowsUpdate.log",
                  "line": 12,
                  "ratio": 50,
                  "rule": "wsus/payload-corrupt-from-wsus",
                  "shared": false,
                  "strength": "decisive",
                  "title": "规则 wsus/payload-corrupt-from-wsus"
                }
              ],
              "children": [],
              "id": "no-failure-captured",
              "missing": [],
              "parent": null,
              "prior": 0.225,
              "probability": 0,
              "remedies": [
                "confirm-failing-update"
              ],
              "residual": null,
              "support": [],
              "title": "日志包中没有失败的安装"
            }
          ],
          "installs": [
            {
              "attempts": [
                {
                  "channel": "windows-update",
                  "file": "CBS.log",
                  "hresult": null,
                  "line": 20,
                  "result": "succeeded",
                  "started": "2022-08-10T03:00:00"
                }
              ],
              "failed": 0,
              "kb": "KB5012170",
              "succeeded": 1
            },
            {
              "attempts": [
                {
                  "channel": "wsus",
                  "file": "CBS.log",
                  "hresult": "0x800f0821",
                  "line": 180,
                  "result": "failed",
                  "started": "2022-10-27T15:58:40"
                }
              ],
              "failed": 1,
              "kb": "KB5016623",
              "succeeded": 0
            }
          ],
          "language": "zh-CN",
          "machine": {
            "arch": "amd64",
            "collectors": [
              "CMGELogCollector.exe"
            ],
            "edition": null,
            "name": "BRANCH-PC-017",
            "names": [
              "BRANCH-PC-017"
            ],
            "osBuild": "19041.1889"
          },
          "nextSteps": [
            {
              "cost": {
                "admin": true,
                "effective": 35,
                "minutes": 15,
                "reboot": false,
                "risk": "low"
              },
              "gain": 0,
              "kind": "remediate",
              "outcomes": [],
              "procedure": "clear-download-cache-retry",
              "reason": "payload-corrupt 以 82% 领先（阈值 60%），采取其修复措施。",
              "recommendedBy": [],
              "role": "remedy",
              "score": 0,
              "separates": [],
              "title": "执行 clear-download-cache-retry"
            },
            {
              "cost": {
                "admin": true,
                "effective": 80,
                "minutes": 30,
                "reboot": true,
                "risk": "low"
              },
              "gain": 0.3715,
              "kind": "test",
              "outcomes": [
                {
                  "favours": "payload-corrupt",
                  "label": "offline-install-result=succeeded",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.9839,
                  "meaning": "WSUS 下发的更新包有问题",
                  "probability": 0.8674
                },
                {
                  "favours": "component-store-corrupt",
                  "label": "offline-install-result=same-error",
                  "leader": "component-store-corrupt",
                  "leaderProbability": 0.7745,
                  "meaning": "计算机本身已损坏",
                  "probability": 0.1326
                }
              ],
              "procedure": "offline-install-with-hash",
              "reason": "区分 payload-corrupt 与 component-store-corrupt：succeeded ⇒ WSUS 下发的更新包有问题；same-error ⇒ 计算机本身已损坏。规则 wsus/payload-corrupt-from-wsus 建议此步骤。",
              "recommendedBy": [
                "wsus/payload-corrupt-from-wsus"
              ],
              "role": "observe",
              "score": 0.6865,
              "separates": [
                "payload-corrupt",
                "component-store-corrupt"
              ],
              "title": "校验哈希后安装离线更新包"
            },
            {
              "cost": {
                "admin": true,
                "effective": 30,
                "minutes": 20,
                "reboot": false,
                "risk": "none"
              },
              "gain": 0.0359,
              "kind": "collect",
              "outcomes": [
                {
                  "favours": "component-store-corrupt",
                  "label": "dism/store-corrupt",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.5061,
                  "meaning": "规则 dism/store-corrupt",
                  "probability": 0.5278
                }
              ],
              "procedure": "dism-scanhealth",
              "reason": "检验 component-store-corrupt：收集 dism 以判定“规则 dism/store-corrupt”（⇒ component-store-corrupt）。",
              "recommendedBy": [],
              "role": "observe",
              "score": 0.0717,
              "separates": [
                "component-store-corrupt"
              ],
              "title": "执行 dism-scanhealth"
            },
            {
              "cost": {
                "admin": true,
                "effective": 80,
                "minutes": 40,
                "reboot": false,
                "risk": "medium"
              },
              "gain": 0.0359,
              "kind": "remediate",
              "outcomes": [
                {
                  "favours": "component-store-corrupt",
                  "label": "dism/store-corrupt",
                  "leader": "payload-corrupt",
                  "leaderProbability": 0.5061,
                  "meaning": "规则 dism/store-corrupt",
                  "probability": 0.5278
                }
              ],
              "procedure": "dism-restorehealth",
              "reason": "检验 component-store-corrupt：收集 dism 以判定“规则 dism/store-corrupt”（⇒ component-store-corrupt）。",
              "recommendedBy": [],
              "role": "observe",
              "score": 0.0269,
              "separates": [
                "component-store-corrupt"
              ],
              "title": "执行 dism-restorehealth"
            }
          ],
          "observations": [],
          "other": {
            "prior": 0.1,
            "probability": 0.0076
          },
          "ranked": true,
          "rules": {
            "fired": [
              "cbs/abort-while-extracting",
              "general/failed-install",
              "wsus/payload-corrupt-from-wsus",
              "wu/service-stop"
            ],
            "unknown": [
              "dism/store-corrupt",
              "offline/same-error",
              "offline/succeeded"
            ]
          },
          "settings": {
            "leaderThreshold": 0.6,
            "otherPrior": 0.1
          },
          "sources": [
            {
              "encoding": "utf-8",
              "kind": "cbs",
              "lines": 420,
              "path": "CBS.log",
              "status": "parsed"
            },
            {
              "encoding": "utf-8",
              "kind": "windowsupdate",
              "lines": 130,
              "path": "WindowsUpdate.log",
              "status": "parsed"
            },
            {
              "encoding": "binary",
              "kind": "etl",
              "lines": 0,
              "path": "trace.etl",
              "reason": "binary file",
              "status": "skipped"
            }
          ],
          "symptoms": [
            {
              "evidence": [
                {
                  "file": "CBS.log",
                  "kind": "install-attempt",
                  "line": 180,
                  "text": "2022-10-27 15:58:40, Info CBS Session initialized by client WindowsUpdateAgent.",
                  "time": "2022-10-27T15:58:40"
                }
              ],
              "id": "install-channel",
              "message": "联机安装（wsus）",
              "value": "wsus"
            }
          ]
        }

        """##

    static let markdownEN = ##"""
        # Triage report: BRANCH-PC-017

        - **Machine**: BRANCH-PC-017 · build 19041.1889 · amd64 · collector CMGELogCollector.exe
        - **Sources**: 3 files, 2 parsed, 1 skipped
          - `trace.etl`: skipped (binary file)

        ## Install attempts

        | KB | Result | Attempts |
        |---|---|---|
        | KB5012170 | 1 succeeded | 2022-08-10T03:00:00 succeeded (windows-update) |
        | KB5016623 | 1 failed | 2022-10-27T15:58:40 failed (wsus, 0x800f0821) |

        ## Symptoms

        - online install (wsus)

        ## Likely causes

        | # | Hypothesis | Probability |
        |---|---|---|
        | 1 | The update package the machine received is corrupt (`payload-corrupt`) | 81.6% |
        | 2 | Servicing was interrupted (`servicing-interrupted`) | 10.9% |
        | 3 | The component store is damaged (`component-store-corrupt`) | 6.8% |
        | | Other / not explained | 0.8% |

        **1. `payload-corrupt`**
        - For: Files of a WSUS-delivered update are corrupt (`wsus/payload-corrupt-from-wsus`, ×10) — `WindowsUpdate.log:12` `2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:85…`
        - For: CBS aborted while extracting the package (`cbs/abort-while-extracting`, ×4) — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        **2. `servicing-interrupted`**
        - For: The update service stopped during the operation (`wu/service-stop`, ×4) — `WindowsUpdate.log:93` `2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Service stop`
        - For: CBS aborted while extracting the package (`cbs/abort-while-extracting`, ×2) — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        **3. `component-store-corrupt`**
        - For: CBS aborted while extracting the package (`cbs/abort-while-extracting`, ×4) — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        ## Next steps

        1. **Do clear-download-cache-retry** (`clear-download-cache-retry`; 15 min, admin, risk low) — Remedy for payload-corrupt, which leads with 82% (threshold 60%).
        2. **Install the offline package after checking its hash** (`offline-install-with-hash`; 30 min, reboot, admin, risk low) — Separates payload-corrupt from component-store-corrupt: succeeded ⇒ the package delivered by WSUS was at fault; same-error ⇒ the machine itself is damaged. Recommended by rule wsus/payload-corrupt-from-wsus.
        3. **Do dism-scanhealth** (`dism-scanhealth`; 20 min, admin, risk none) — Tests component-store-corrupt: collects dism to settle “DISM found component store corruption” (⇒ component-store-corrupt).

        ## Instructions for the customer

        ### 1. Do clear-download-cache-retry

        Purpose of clear-download-cache-retry.

        1. Open a prompt.
        2. Run:
           ```
           echo clear-download-cache-retry
           ```

        ### 2. Install the offline package after checking its hash

        Tells a bad download from a damaged machine.

        1. Delete the contents of the download folder.
           ```
           Remove-Item C:\Windows\SoftwareDistribution\Download\* -Recurse -Force
           ```
        2. Download the package from the Microsoft Update Catalog and check its hash.
           ```
           Get-FileHash -Algorithm SHA256 C:\temp\windows10.0-kb5016623-x64.msu
           ```
        3. Install it and reboot.
           ```
           wusa C:\temp\windows10.0-kb5016623-x64.msu
           ```

        ## Findings

        - `collector-outdated`: The bundle was made by CMGELogCollector 1.0; the current version is 2.0.

        """##

    static let markdownZH = ##"""
        # 诊断报告：BRANCH-PC-017

        - **计算机**：BRANCH-PC-017 · 版本 19041.1889 · amd64 · 收集工具 CMGELogCollector.exe
        - **来源**：3 个文件，已解析 2 个，跳过 1 个
          - `trace.etl`：已跳过（binary file）

        ## 安装记录

        | KB | 结果 | 安装尝试 |
        |---|---|---|
        | KB5012170 | 1 次成功 | 2022-08-10T03:00:00 成功（windows-update） |
        | KB5016623 | 1 次失败 | 2022-10-27T15:58:40 失败（wsus, 0x800f0821） |

        ## 症状

        - 联机安装（wsus）

        ## 可能原因

        | # | 假设 | 概率 |
        |---|---|---|
        | 1 | 计算机收到的更新包已损坏（`payload-corrupt`） | 81.6% |
        | 2 | 维护操作被中断（`servicing-interrupted`） | 10.9% |
        | 3 | 组件存储已损坏（`component-store-corrupt`） | 6.8% |
        | | 其他 / 无法解释 | 0.8% |

        **1. `payload-corrupt`**
        - 支持：规则 wsus/payload-corrupt-from-wsus（`wsus/payload-corrupt-from-wsus`, ×10） — `WindowsUpdate.log:12` `2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:85…`
        - 支持：规则 cbs/abort-while-extracting（`cbs/abort-while-extracting`, ×4） — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        **2. `servicing-interrupted`**
        - 支持：规则 wu/service-stop（`wu/service-stop`, ×4） — `WindowsUpdate.log:93` `2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Service stop`
        - 支持：规则 cbs/abort-while-extracting（`cbs/abort-while-extracting`, ×2） — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        **3. `component-store-corrupt`**
        - 支持：规则 cbs/abort-while-extracting（`cbs/abort-while-extracting`, ×4） — `CBS.log:210` `2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x…`

        ## 后续步骤

        1. **执行 clear-download-cache-retry**（`clear-download-cache-retry`; 15 分钟，需管理员权限，风险低）——payload-corrupt 以 82% 领先（阈值 60%），采取其修复措施。
        2. **校验哈希后安装离线更新包**（`offline-install-with-hash`; 30 分钟，需重启，需管理员权限，风险低）——区分 payload-corrupt 与 component-store-corrupt：succeeded ⇒ WSUS 下发的更新包有问题；same-error ⇒ 计算机本身已损坏。规则 wsus/payload-corrupt-from-wsus 建议此步骤。
        3. **执行 dism-scanhealth**（`dism-scanhealth`; 20 分钟，需管理员权限，风险无）——检验 component-store-corrupt：收集 dism 以判定“规则 dism/store-corrupt”（⇒ component-store-corrupt）。

        ## 客户操作说明

        ### 1. 执行 clear-download-cache-retry

        clear-download-cache-retry 的目的。

        1. 打开命令提示符。
        2. 运行：
           ```
           echo clear-download-cache-retry
           ```

        ### 2. 校验哈希后安装离线更新包

        区分下载损坏与系统损坏。

        1. 清空下载文件夹。
           ```
           Remove-Item C:\Windows\SoftwareDistribution\Download\* -Recurse -Force
           ```
        2. 从 Microsoft Update Catalog 下载更新包并校验哈希。
           ```
           Get-FileHash -Algorithm SHA256 C:\temp\windows10.0-kb5016623-x64.msu
           ```
        3. 安装并重启。
           ```
           wusa C:\temp\windows10.0-kb5016623-x64.msu
           ```

        ## 发现

        - `collector-outdated`：日志包由 CMGELogCollector 1.0 生成；当前版本为 2.0。

        """##

}
