/// The report's one style sheet, inline in its `<head>`: system fonts only (nothing is fetched), status and
/// verdict colours, the calendar grid, the cards, and a print layout for A4 or Letter in landscape.
public enum ReportStyle {
    /// The CSS text.
    public static let css = """
        :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;--accent:#2563eb;\
        --on:#16a34a;--late:#f59e0b;--skip:#9ca3af;--open:#dc2626}
        *{box-sizing:border-box}
        html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        body{margin:0;background:var(--bg);color:var(--ink);\
        font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
        main{max-width:1480px;margin:0 auto;padding:22px 26px 36px}
        h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
        h2{font-size:18px;margin:30px 0 10px;padding-bottom:5px;border-bottom:2px solid var(--line)}
        h2 .pill{font-size:13px;vertical-align:2px}
        h3{font-size:15px;margin:0}
        a{color:var(--accent);text-decoration:none}
        .top{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;flex-wrap:wrap}
        .meta{color:var(--muted);margin:2px 0;font-size:13px}
        nav{font-size:13px}nav a{margin-left:14px}
        .strip{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:18px 0 8px}
        .tile{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--skip);\
        border-radius:10px;padding:8px 14px}
        .tile b{display:block;font-size:30px;line-height:1.15}
        .tile span{color:var(--muted);font-size:13px}
        .tile.keep{border-left-color:var(--on)}.tile.slip{border-left-color:var(--late)}
        .tile.stall{border-left-color:var(--open)}.tile.block{border-left-color:#7f1d1d}
        .tile.next{border-left-color:var(--accent)}
        .callout{background:#fff7ed;border:1px solid #fdba74;border-left:6px solid #ea580c;border-radius:10px;\
        padding:10px 14px;margin:12px 0}
        .callout b{display:block;margin-bottom:2px}
        .legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted);margin:4px 0 10px}
        .legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;vertical-align:-1px}
        .pill{display:inline-block;padding:1px 9px;border-radius:999px;background:#eef2f7;color:var(--ink);\
        font-size:12px;font-weight:600}
        table.week{width:100%;border-collapse:separate;border-spacing:3px;table-layout:fixed;margin:0 0 12px;\
        break-inside:avoid}
        table.week th{font-size:12px;font-weight:600;text-align:left;color:var(--muted);padding:2px 5px;\
        white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        table.week thead th.we{color:#94a3b8}
        table.week th.ch{width:190px}
        table.week tbody th{color:var(--ink);background:var(--card);border:1px solid var(--line);border-radius:6px;\
        vertical-align:top}
        th.ch small{display:block;color:var(--muted);font-weight:400;font-size:10.5px;overflow:hidden;\
        text-overflow:ellipsis}
        table.week thead th.today{color:var(--accent)}
        td.c{vertical-align:top;border-radius:6px;padding:3px 5px;font-size:11px;height:40px;background:var(--card);\
        border:1px solid var(--line);overflow:hidden}
        td.x{background:repeating-linear-gradient(135deg,#eef1f5 0 6px,#e3e7ed 6px 8px);border-radius:6px}
        td.we:empty{background:#fafbfc}
        td.today{box-shadow:inset 0 0 0 2px var(--accent)}
        .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px;vertical-align:0}
        td .n{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:var(--muted)}
        td .n b{font-size:14px;color:var(--ink);margin-right:3px}
        td ul{margin:2px 0 0;padding:0;list-style:none}
        td li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        td li:before{content:"";display:inline-block;width:6px;height:6px;border-radius:50%;margin-right:4px;\
        background:var(--skip);vertical-align:1px}
        td li.p{font-style:italic}td li.r{font-weight:600}
        .more{color:var(--muted)}
        .mix{display:flex;height:4px;border-radius:2px;overflow:hidden;margin:2px 0 1px;background:#e5e7eb}
        .mix i{display:block;height:4px}
        td.st-planned{background:#f1f5f9;border-color:#dbe3ec}td.st-due{background:#e0ecff;border-color:#a9c5f5}
        td.st-overdue{background:#ffedd5;border-color:#fdba74}td.st-blocked{background:#fee2e2;border-color:#fca5a5}
        td.st-done,td.st-published{background:#dcfce7;border-color:#86efac}\
        td.st-skipped{background:#f3f4f6;border-color:#d1d5db}
        .b-planned,li.t-planned:before{background:#94a3b8}.b-due,li.t-due:before{background:#3b82f6}
        .b-overdue,li.t-overdue:before{background:#f97316}.b-blocked,li.t-blocked:before{background:#dc2626}
        .b-done,li.t-done:before{background:#22c55e}.b-published,li.t-published:before{background:#15803d}
        .b-skipped,li.t-skipped:before{background:#cbd5e1}
        .id{color:var(--muted);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin-left:6px}
        ol.blocked{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,\
        minmax(430px,1fr));gap:10px}
        ol.blocked>li{background:var(--card);border:1px solid var(--line);border-left:5px solid #dc2626;\
        border-radius:10px;padding:9px 13px;break-inside:avoid}
        .post .t{font-weight:650;font-size:15px}
        ol.chain{list-style:none;margin:6px 0 0;padding:0}
        ol.chain li{padding:3px 0 3px 14px;border-left:2px solid #fecaca;margin-left:3px;font-size:13px}
        .why{display:inline-block;padding:0 7px;border-radius:5px;font-size:12px;font-weight:600;margin-right:5px}
        .r-overdue{background:#fee2e2;color:#991b1b}.r-skipped{background:#f3f4f6;color:#374151}
        .r-due-too-late{background:#ffedd5;color:#9a3412}.r-never-due{background:#ede9fe;color:#5b21b6}
        .who{color:var(--ink);font-weight:600}.path,.also{color:var(--muted);font-size:12px}
        .rest,.none{color:var(--muted);margin:10px 0}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:11px 14px;\
        break-inside:avoid}
        .card header{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
        .card .sub{color:var(--muted);font-size:12px;margin:1px 0 4px}
        .fig{font-size:13px;margin:4px 0 6px}.fig b{font-size:15px}
        .v-keeping-pace{background:#dcfce7;color:#166534}.v-slipping{background:#fef3c7;color:#92400e}
        .v-stalled{background:#fee2e2;color:#991b1b}.v-none{background:#f3f4f6;color:#4b5563}
        .dot.v-keeping-pace{background:var(--on)}.dot.v-slipping{background:var(--late)}
        .dot.v-stalled{background:var(--open)}.dot.v-none{background:var(--skip)}
        svg.chart{display:block;width:100%;height:auto}svg.spark{display:block}
        svg text{font-size:10px;fill:#6b7280;font-family:inherit}
        svg .ax{stroke:#e5e7eb;stroke-width:1;fill:none}
        .s-on{fill:var(--on)}.s-late{fill:var(--late)}.s-skip{fill:var(--skip)}.s-open{fill:var(--open)}
        i.s-on{background:var(--on)}i.s-late{background:var(--late)}i.s-skip{background:var(--skip)}\
        i.s-open{background:var(--open)}
        table.owners{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);\
        border-radius:10px;font-size:13px}
        table.owners th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;\
        border-bottom:1px solid var(--line);padding:6px 10px}
        table.owners td{padding:5px 10px;border-bottom:1px solid #f1f3f5;vertical-align:middle}
        table.owners td.num,table.owners th.num{text-align:right;font-variant-numeric:tabular-nums}
        .share{display:inline-block;width:90px;height:8px;border-radius:4px;background:#fee2e2;overflow:hidden;\
        vertical-align:0;margin-right:6px}
        .share i{display:block;height:8px;background:var(--on)}
        footer{margin-top:28px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:10px}
        footer p{margin:4px 0}
        @page{size:landscape;margin:10mm}
        @media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}nav{display:none}
        h2{break-after:avoid;margin-top:16px}.cards{grid-template-columns:repeat(2,1fr)}
        ol.blocked{grid-template-columns:repeat(2,1fr)}.card,ol.blocked>li,table.week,tr{break-inside:avoid}
        td.c{height:auto}}
        """
}
