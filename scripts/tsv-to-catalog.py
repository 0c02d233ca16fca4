#!/usr/bin/env python3
"""Convert ../shared/reference/error-codes.tsv into KnowledgeBase/error-codes/<group>.xml.

Usage (from the repo root):  python3 scripts/tsv-to-catalog.py [TSV] [OUTDIR]
Defaults: ../shared/reference/error-codes.tsv (or ../../shared/… from a worktree) and KnowledgeBase/error-codes.

English meaning and hint come from the TSV unchanged; the Chinese meanings (all rows) and Chinese hints
(seed-case codes and the documented combinations) are maintained here. Output is deterministic: files
per group, codes in TSV order. Re-run after editing the TSV or the tables below; commit the XML.
"""
import os
import sys
from xml.sax.saxutils import escape

GROUPS = {
    "WU agent": "wu-agent",
    "WU agent (Update Orchestrator)": "wu-agent",
    "CBS": "cbs",
    "CBS/PSFX": "cbs",
    "Win32": "win32",
    "COM": "win32",
    "Crypto/trust": "crypto",
    "WinINet": "wininet",
    "BITS": "bits-do",
    "Delivery Optimization": "bits-do",
    "setup": "setup",
}

GROUP_TITLES = {
    "wu-agent": "Windows Update Agent and Update Orchestrator codes (WU_E_*, WU_S_*, USO_E_*)",
    "cbs": "Component-Based Servicing and PSFX codes (CBS_E_*, PSFX_E_*)",
    "win32": "Win32 errors as HRESULTs (0x8007xxxx), SxS and transaction errors, generic COM codes",
    "crypto": "Signature, certificate and catalog codes (TRUST_E_*, CERT_E_*, CRYPT_E_*)",
    "wininet": "WinINet connection codes (0x80072xxx)",
    "bits-do": "BITS and Delivery Optimization download codes",
    "setup": "Windows Setup (feature update / upgrade) result codes (0xC19xxxxx)",
}

ZH = {
    "0x80240001": "Windows 更新代理无法提供服务（代理无响应或初始化失败）。",
    "0x80240009": "已有另一个冲突的 Windows 更新操作（例如另一个安装）正在运行，某些操作不能同时执行两次。",
    "0x8024000B": "操作被用户或服务取消；结果筛选无法完成时也会出现。",
    "0x8024000C": "该操作无需执行任何内容。",
    "0x8024000E": "更新的 XML 元数据包含无效数据（某些驱动程序元数据会触发此错误）。",
    "0x80240016": "在另一个安装正在运行或有强制重启挂起时尝试了安装。",
    "0x80240017": "没有适用的更新：该包不适用于此系统（操作系统或体系结构不符、已被取代、已安装或缺少先决条件）。",
    "0x8024001B": "代理正在自我更新，因此无法执行该操作。",
    "0x8024001E": "由于 Windows 更新服务或系统正在关闭（重启、计划任务、服务停止），操作未完成；在 WSUS 环境中可能伴随次要错误 0x800F0821。",
    "0x8024001F": "操作时没有可用的网络连接。",
    "0x80240020": "该操作需要已登录的交互式用户，但当前没有。",
    "0x80240021": "操作未在时限内完成。",
    "0x80240022": "批次中的所有更新均失败；真正的原因在每个更新或 CBS 的结果中（常见原因是杀毒软件锁定 SoftwareDistribution）。",
    "0x80240024": "没有需要处理的更新。",
    "0x80240025": "组策略禁止用户访问 Windows 更新。",
    "0x8024002C": "由于缺少基础源文件，无法应用增量（快速）更新。",
    "0x8024002D": "由于缺少所需的源文件，无法安装完整文件更新。",
    "0x8024002E": "策略禁止连接到非托管（公共）更新服务器。",
    "0x8024002F": "DisableWindowsUpdateAccess 策略阻止了该操作。",
    "0x80240030": "配置的代理服务器列表格式错误。",
    "0x80240031": "文件格式不正确。",
    "0x80240034": "更新下载失败。",
    "0x80240038": "下载的文件内容类型异常（通常是代理或过滤设备返回了网页而不是更新文件）。",
    "0x80240438": "无法路由或连接到更新终结点。",
    "0x80240439": "从服务接收的数据与预期格式不符（微软将其归因于代理数据存储或服务配置损坏）。",
    "0x80240FFF": "代理发生了没有更具体代码的一般性故障。",
    "0x80242006": "更新处理程序因元数据无效而拒绝了该更新。",
    "0x80242007": "安装程序超过了时间限制。",
    "0x8024200B": "一个或多个更新的安装程序失败；根本原因由 CBS 或 MSI 报告。",
    "0x8024200D": "处理程序没有安装，因为需要重新下载内容。",
    "0x80242012": "更新处理程序收到了来自 CBS 的意外响应。",
    "0x80242014": "更新的重启后阶段尚未完成。",
    "0x80242015": "无法确定重启后阶段的结果。",
    "0x80242016": "重启阶段结束后更新处于意外状态（通常是在启动过程中已回滚）。",
    "0x80242017": "必须先安装更新的维护堆栈，才能下载或安装此更新。",
    "0x80242FFF": "更新处理程序的一般性错误。",
    "0x80244007": "服务器返回了 SOAP 错误（在 WSUS 环境中通常是客户端的身份验证 Cookie 无法续订）。",
    "0x8024400A": "客户端无法解析服务器的响应。",
    "0x8024400E": "服务器处理 SOAP 请求失败。",
    "0x80244010": "扫描所需的客户端与服务器往返次数超过上限（更新目录过大）。",
    "0x80244011": "已配置使用 WSUS，但缺少 WUServer 策略值。",
    "0x80244017": "HTTP 401：终结点要求身份验证。",
    "0x80244018": "HTTP 403：请求被拒绝。",
    "0x80244019": "HTTP 404：请求的 URL 不存在（例如 WSUS 内容或虚拟目录缺失）。",
    "0x8024401B": "HTTP 407：代理服务器要求身份验证（WinHTTP/WinINet 代理配置不当）。",
    "0x8024401C": "HTTP 408：服务器等待请求超时。",
    "0x8024401F": "HTTP 500：服务器发生内部错误。",
    "0x80244021": "HTTP 502：网关或代理从上游收到错误响应。",
    "0x80244022": "HTTP 503：更新源过载或不可用（例如 WSUS 应用程序池已停止）。",
    "0x80244023": "等待上游服务器时网关超时。",
    "0x8024402C": "无法解析代理服务器或更新服务器的名称。",
    "0x8024402F": "外部 cab 处理完成但有错误（微软指出与网页过滤产品有关）。",
    "0x80244FFF": "协议通信的一般性错误。",
    "0x80246001": "要下载的文件没有 URL。",
    "0x80246002": "下载文件的摘要不匹配（文件已损坏或在传输中被更改）。",
    "0x80246005": "网络不可用，无法继续下载。",
    "0x80246007": "请求安装时更新内容尚未下载。",
    "0x80246008": "下载管理器无法与 BITS 通信。",
    "0x80246009": "未指明的 BITS 传输错误。",
    "0x8024600A": "下载源位置已更改，必须重新开始下载。",
    "0x8024600B": "更新内容在新修订版中已更改，必须重新开始下载。",
    "0x80246017": "本地用户无权下载该内容。",
    "0x80246FFF": "下载管理器的一般性错误。",
    "0x80248007": "请求的信息不在代理数据存储中。",
    "0x8024800C": "无法及时锁定数据存储的某个部分。",
    "0x80248FFF": "数据存储的一般性错误。",
    "0x8024A000": "自动更新无法处理传入的请求。",
    "0x8024A007": "系统已在重启中。",
    "0x8024A10A": "更新服务在操作期间正在关闭（例如长时间空闲后）。",
    "0x8024D009": "根据 wuident.cab 跳过了代理自我更新（WSUS 未提供自我更新）。",
    "0x8024D00C": "必须重启系统后才能更新代理。",
    "0x00240005": "成功代码：需要重启才能完成安装。",
    "0x00240006": "成功代码：该更新已安装（wusa 以十进制 2359302 报告；处于“安装挂起”状态时也会出现）。",
    "0x800F0800": "维护堆栈内部错误，无具体含义 [3p]。",
    "0x800F0805": "该包不是有效的维护包（已损坏或类型不对）。",
    "0x800F0806": "操作因资源被锁定或有挂起的工作而受阻 [3p]。",
    "0x800F080D": "清单中包含无效的属性或元素名称。",
    "0x800F0816": "增量/展开（DPX）作业状态已保存，操作未能一次完成 [3p]。",
    "0x800F081E": "该包不适用于此映像（版本、体系结构或内部版本不符，或已被涵盖）[3p]。",
    "0x800F081F": "维护无法找到包或负载的源文件（组件存储损坏或缺少修复源）。",
    "0x800F0820": "维护操作被其客户端取消 [3p]。",
    "0x800F0821": "客户端中止了 CBS 操作；微软将其与低配置系统上的维护看门狗/事务超时联系在一起。",
    "0x800F0823": "该包需要比当前已安装版本更新的维护堆栈。",
    "0x800F0825": "无法删除该包；通常是某个组件只安装了一部分。",
    "0x800F0826": "由于另一个挂起的包失败，该包也随之失败 [3p]。",
    "0x800F0828": "磁盘空间不足，无法进行维护操作 [3p]。",
    "0x800F0830": "映像被认为已无法维护（严重损坏）。",
    "0x800F0831": "组件存储损坏，通常是更新链中某个包的清单缺失。",
    "0x800F0832": "组件存储损坏程度超出维护堆栈愿意修复的范围 [3p]。",
    "0x800F0900": "内部 XML 解析器意外失败，通常是清单损坏。",
    "0x800F0904": "映像报告存在多个活动版本。",
    "0x800F0905": "映像报告没有活动版本。",
    "0x800F0906": "无法下载所需的源文件（功能或修复负载获取失败）。",
    "0x800F0907": "组策略禁止从 Windows 更新获取负载 [3p]。",
    "0x800F090D": "缓存的 Windows 更新包索引映射（wuindex.xml）中缺少某个包。",
    "0x800F0911": "源内容已被修改（微软将其列为需要就地升级的一类错误）。",
    "0x800F0920": "维护看门狗判定操作已挂起；常在 0x800F0821 之后出现。",
    "0x800F0921": "应用底层原语（文件/注册表）失败 [3p]。",
    "0x800F0922": "高级安装程序（例如计划任务、授权、驱动程序步骤）在安装过程中或启动时失败，事务被回滚。",
    "0x800F0982": "增量补丁找不到匹配的基础组件（常见于语言包或按需功能不匹配）。",
    "0x800F0983": "用于还原（hydration）的匹配组件目录缺失 [3p]。",
    "0x800F0984": "组件目录存在，但增量所需的基础二进制文件缺失。",
    "0x800F0985": "应用反向增量失败。",
    "0x800F0986": "应用正向增量失败。",
    "0x800F0987": "组件的空增量还原失败。",
    "0x800F0988": "组件的增量组合无效。",
    "0x800F0989": "缺少所需的反向增量。",
    "0x800F0991": "缺少更新所需的负载文件。",
    "0x80004004": "操作已中止。",
    "0x80004005": "未指定的错误。",
    "0x8000FFFF": "灾难性/意外故障。",
    "0x80070002": "找不到操作所需的文件（缓存、会话文件、任务或负载）。",
    "0x80070003": "维护堆栈所需的路径不存在（启动时的驱动程序操作中也会出现）。",
    "0x80070005": "拒绝访问维护堆栈所需的文件或注册表项（CBS 日志显示为 E_ACCESSDENIED）。",
    "0x80070008": "内存或存储空间不足，无法处理该命令。",
    "0x8007000D": "数据无效：下载内容损坏、目录或注册表类型损坏，或启动时驱动程序安装失败导致回滚。",
    "0x8007000E": "内存资源不足。",
    "0x8007001F": "设备/驱动程序层报告了一般性故障。",
    "0x80070020": "文件被其他进程锁定（通常是杀毒软件或其他筛选驱动程序）。",
    "0x80070057": "传递了无效参数。",
    "0x80070070": "磁盘空间不足。",
    "0x8007007A": "传递给调用的数据区域太小。",
    "0x8007041D": "服务未及时响应启动或控制请求（例如 TrustedInstaller）。",
    "0x80070422": "所需的服务（通常是 Windows Update）已被禁用。",
    "0x80070426": "所需的服务未启动（例如 Microsoft 帐户登录助手阻止功能更新扫描）。",
    "0x8007045B": "操作期间系统正在关机。",
    "0x80070490": "找不到元素；在维护中通常是驱动程序操作项缺失或过时、有挂起的更新，或 SetupConfig.ini 错误。",
    "0x80070570": "文件或目录已损坏且无法读取（CBS 日志显示为 ERROR_FILE_OR_DIRECTORY_CORRUPTED）。",
    "0x800705AA": "系统资源不足，无法完成请求。",
    "0x800705B4": "操作超时。",
    "0x800705B9": "无法解析 XML 数据（清单或元数据损坏）。",
    "0x80070643": "MSI 类安装过程中发生严重错误。",
    "0x80070652": "另一个安装正在进行中。",
    "0x800706BA": "RPC 服务器不可用（某个服务已崩溃或未运行）。",
    "0x800706BE": "远程过程调用失败；微软记录了之前安装的累积更新损坏导致 DISM 出现此错误的情况。",
    "0x800706D9": "终结点映射器中没有可用的终结点（Windows 防火墙服务已停止）。",
    "0x80070BC2": "成功，但更改需要重启后才能生效（wusa 退出代码 3010）。",
    "0x80070BC9": "操作失败，需要重启才能回滚；常见原因是 TrustedInstaller 被改为手动启动，导致挂起的工作无法完成。",
    "0x800719E4": "事务日志空间已用尽。",
    "0x80071A90": "名称已被另一个事务保留。",
    "0x80071A91": "事务资源管理器（KTM/TxF）未处于活动状态，CBS 无法提交。",
    "0x80071AB1": "无法扩展事务资源管理器日志。",
    "0x80073701": "引用的程序集/组件缺失（组件只安装了一部分）。",
    "0x80073712": "组件存储已损坏或不一致。",
    "0x800736B3": "引用的程序集未安装。",
    "0x800736CC": "组件文件与其清单中的哈希值不匹配。",
    "0x8007370A": "标识属性值超出范围（清单/标识损坏）。",
    "0x8007370B": "标识属性名称超出范围。",
    "0x8007370D": "标识字符串格式错误。",
    "0x8007371B": "维护事务缺少必需的成员。",
    "0x8007371C": "维护过程中 SMI 原语安装程序失败。",
    "0x80070246": "遇到无效字符（文本或 XML 数据损坏）。",
    "0x80070241": "无法验证文件的数字签名。",
    "0x800B0100": "文件没有签名。",
    "0x800B0101": "证书相对于系统时钟或时间戳已不在有效期内。",
    "0x800B0109": "证书链终止于不受信任的根证书。",
    "0x80092003": "加密操作期间读取或写入文件出错（微软：Windows 更新读写错误）。",
    "0x80092004": "找不到加密对象或属性。",
    "0x80072EE2": "连接更新源超时。",
    "0x80072EE6": "URL 使用了无法识别的协议（WSUS 地址格式错误）。",
    "0x80072EE7": "无法解析服务器名称。",
    "0x80072EFD": "无法与服务器建立连接。",
    "0x80072EFE": "传输过程中连接异常关闭。",
    "0x80072F78": "服务器发送了无效或无法识别的响应。",
    "0x80072F8F": "内容解码失败（微软：旧客户端未配置 TLS 1.2）。",
    "0x80200053": "BITS 对已下载内容的验证失败（防火墙或过滤设备篡改）。",
    "0x80D05001": "代理服务器不支持传递优化/Windows 更新所需的 HTTP 范围请求。",
    "0xC1900101": "通用的安装程序回滚，最常见的是驱动程序兼容性问题；阶段由扩展代码给出。",
    "0xC1900107": "之前的安装清理操作仍处于挂起状态。",
    "0xC1900200": "计算机不满足目标操作系统的系统要求。",
    "0xC1900204": "所选的迁移选项不可用（版本不匹配）。",
    "0xC1900208": "存在可处理的兼容性问题（例如不兼容的应用）阻止安装。",
    "0xC190020E": "可用空间不足，无法安装。",
    "0xC1900210": "仅兼容性扫描运行；未发现阻止问题。",
}

# Chinese hints where a support engineer is most likely to quote them: the seed case and the
# combinations Microsoft documents (windows-servicing.md §3).
ZH_HINT = {
    "0x8024001E": "避免中断：检查重启和计划任务、WSUS 运行状况、可用磁盘空间；重命名 SoftwareDistribution 后重试，或安装离线 MSU 包",
    "0x80070570": "清空 Download 缓存；运行 DISM /RestoreHealth 和 SFC；运行 chkdsk /f /r",
    "0x80070490": "深入分析：查看 CBS 日志中的“driver operation”行；修复 DriverOperations 注册表项；修复组件存储",
    "0x800F0821": "性能：为虚拟机增加 CPU/内存，确保已安装 KB4493473 或更高版本，避免中断；改用离线包重试",
    "0x800F0920": "性能：增加 CPU/内存，安装 KB4493473 或更高版本，避免中断",
    "0x800F0831": "离线包：通过 DISM /Add-Package 安装或重新安装 CBS.log 中提到的 KB；否则运行 RestoreHealth；最后考虑就地升级",
    "0x80073712": "修复组件存储；无法修复时就地升级",
    "0x800F0922": "查找失败的安装程序：CBS/CSI 中“Failed execution of queue item Installer:”所在行；修复该依赖项（例如损坏的计划任务、spp 权限）；Procmon 启动日志",
    "0x80070BC9": "服务状态：将 TrustedInstaller 设为自动并重启；否则在 WinRE 中还原挂起的操作",
    "0x800F0823": "安装维护堆栈：先安装所需的 SSU，再安装累积更新",
    "0x80242017": "安装维护堆栈：先安装最新的 SSU",
    "0x80070070": "磁盘空间：释放空间（功能更新会将其重新映射为 0xC19001DF）",
    "0x800F0828": "磁盘空间：释放系统卷空间",
    "0x8024402C": "DNS/代理：修复 DNS、WUServer 地址和 WinHTTP 代理",
    "0x80072EE2": "网络：检查终结点、防火墙和代理；抓取网络跟踪",
    "0x80244022": "WSUS/网络：检查 WSUS 应用程序池和可达性",
    "0x8024401F": "WSUS：检查 WSUS 应用程序池和 IIS 日志",
    "0x80244011": "策略：修复 WUServer/WUStatusServer 组策略",
    "0x800F081F": "修复组件存储：DISM /RestoreHealth /Source:<匹配的 WIM 或 WinSxS> /LimitAccess，然后运行 SFC",
    "0x800F0906": "源：指定 /Source（WIM/ESD/WinSxS），检查 WSUS/WU 可达性和修复源组策略",
    "0x80071A91": "事务：运行 fsutil resource setautoreset true C:\\ 并重启；RestoreHealth；chkdsk",
    "0x80240438": "网络：检查终结点可达性、代理和防火墙",
    "0x00240006": "检查挂起状态：dism /get-packages；如为“安装挂起”，完成或还原挂起的操作",
    "0x80242016": "启动回滚：检查 CBS.log 中的“Startup:”/“Rolling back”行和 setupapi.dev.log；修复存储；Procmon 启动日志",
}


def norm(code: str) -> str:
    v = int(code, 16)
    return "0x%08X" % v


def main() -> int:
    tsv = sys.argv[1] if len(sys.argv) > 1 else next(
        (c for c in ("../shared/reference/error-codes.tsv", "../../shared/reference/error-codes.tsv")
         if os.path.exists(c)), "../shared/reference/error-codes.tsv")
    out = sys.argv[2] if len(sys.argv) > 2 else "KnowledgeBase/error-codes"
    rows = []
    with open(tsv, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["code", "symbol", "component", "meaning", "remediation_hint"], header
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\r\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != 5:
                raise SystemExit(f"{tsv}:{n}: expected 5 columns, got {len(cols)}")
            rows.append(cols)
    seen = set()
    groups = {}
    for code, symbol, component, meaning, hint in rows:
        value = norm(code)
        if value in seen:
            raise SystemExit(f"duplicate code {value}")
        seen.add(value)
        group = GROUPS[component]
        groups.setdefault(group, []).append((value, symbol, component, meaning, hint))
    missing = [v for v in seen if v not in ZH]
    if missing:
        raise SystemExit("no zh-CN meaning for: " + " ".join(sorted(missing)))
    os.makedirs(out, exist_ok=True)
    for group in sorted(groups):
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 f"<!-- {GROUP_TITLES[group]}.",
                 "     Generated by scripts/tsv-to-catalog.py from ../shared/reference/error-codes.tsv; edit the TSV",
                 "     or the script's Chinese tables and re-run, do not edit by hand. -->",
                 f'<errorCodes group="{group}">']
        for value, symbol, component, meaning, hint in groups[group]:
            a = lambda s: escape(s, {'"': "&quot;"})
            lines.append(f'  <code value="{value}" symbol="{a(symbol)}" component="{a(component)}">')
            lines.append(f'    <meaning lang="en">{escape(meaning)}</meaning>')
            lines.append(f'    <meaning lang="zh-CN">{escape(ZH[value])}</meaning>')
            lines.append(f'    <hint lang="en">{escape(hint)}</hint>')
            if value in ZH_HINT:
                lines.append(f'    <hint lang="zh-CN">{escape(ZH_HINT[value])}</hint>')
            lines.append("  </code>")
        lines.append("</errorCodes>")
        with open(os.path.join(out, group + ".xml"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{group}: {len(groups[group])} codes")
    print(f"total: {len(seen)} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
