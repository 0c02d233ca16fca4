/// The style sheet and script inlined in every HTML report (a report is one file: no link, no network).
/// The script only checks the page: the timeline is in time order and every in-page link has its target;
/// it writes the result into `#selfcheck` (`selfcheck: ok`) and reports a failure with `console.error`.
enum HTMLAssets {
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2330;background:#fff}
        h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
        .meta{color:#5b6474;font-size:12px}.verdict{background:#f1f5fb;border-left:4px solid #2f6fd0;padding:10px 14px}
        .verdict strong{font-size:16px}.finding{background:#fff7e0;border-left:4px solid #e0a800;padding:6px 12px;margin:4px 0}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eef0f4}
        .bar{background:#e6ebf3;height:10px;width:160px;border-radius:3px;overflow:hidden}.bar span{display:block;height:100%;background:#2f6fd0}
        .cite{font-size:12px;color:#5b6474}.cite a{color:#2f6fd0}ol.steps li{margin:4px 0}
        pre{background:#f6f8fa;padding:6px 10px;overflow-x:auto;margin:4px 0;font:12px/1.4 ui-monospace,Consolas,monospace}
        .axis{position:relative;height:22px;background:#f6f8fa;border-radius:3px;margin:6px 0 10px}
        .axis i{position:absolute;top:3px;width:8px;height:16px;margin-left:-4px;border-radius:2px;background:#1b9e4b}
        .axis i.failed{background:#d0342f}.axis i.other{background:#8a93a3}
        .failed{color:#b3261e}.succeeded{color:#1b7a3d}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
        .log{display:none;border:1px solid #d8dde6;border-radius:4px;margin:10px 0;padding:6px 10px}.log:target{display:block}
        .log pre{max-height:480px}.log .hit{background:#fff1b8;display:block}.ln{color:#8a93a3;user-select:none}
        #selfcheck{color:#8a93a3;font-size:11px}
        """

    static let script = """
        (function () {
          var problems = [];
          var rows = Array.prototype.slice.call(document.querySelectorAll('#timeline tr[data-utc]'));
          for (var i = 1; i < rows.length; i++) {
            if (Number(rows[i - 1].getAttribute('data-utc')) > Number(rows[i].getAttribute('data-utc'))) {
              problems.push('timeline out of order at row ' + (i + 1));
            }
          }
          Array.prototype.forEach.call(document.querySelectorAll('a[href]'), function (a) {
            var href = a.getAttribute('href');
            if (href.charAt(0) !== '#' || !document.getElementById(href.slice(1))) problems.push('link ' + href);
          });
          var mark = document.getElementById('selfcheck');
          mark.textContent = problems.length ? 'selfcheck: failed: ' + problems.join('; ')
                                             : 'selfcheck: ok, ' + rows.length + ' attempts';
          if (problems.length) console.error('triage report self-check failed: ' + problems.join('; '));
        })();
        """
}
