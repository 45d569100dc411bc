using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Incidents;

// The runbooks of the seeds (000: decision trees, 001: bot incidents, 002: P0–P3 guide with the report template,
// 003: P0–P3 runbook, 004: SEV-1–4 lifecycle), rewritten for ChatOpsTrader: its commands instead of scripts,
// "broker is truth", and the severities mapped P0/Critical/SEV-1 → SEV1 … Low/SEV-4 → SEV4.
public sealed partial class RunbookCatalogue
{
    private const string IbkrSupport = "IBKR support: 1-877-442-2757.";

    private static IEnumerable<Runbook> Seeds() =>
    [
        new(IncidentType.ConnectionLoss, "Broker connection lost", Severity.Sev2,
            "Check that TWS / IB Gateway is running and logged in. New entries are refused meanwhile; server-side stop and bracket orders keep protecting the positions.",
            [
                Step("tws-running", "Is TWS / IB Gateway running and logged in?",
                    Choice("yes", "Yes", "Check its API settings (next step)."),
                    Choice("no", "No", "Start TWS / IB Gateway and log in, wait 30 seconds: the bot reconnects by itself and reconciles.", "/status")),
                Step("api-enabled", "Is \"Enable ActiveX and Socket Clients\" checked in the TWS API settings?",
                    Choice("yes", "Yes", "Check the port and client id (next step)."),
                    Choice("no", "No", "Enable it; the bot retries the connection by itself.", "/status")),
                Step("port", "Is the port right (7497 paper, 7496 live) and is this client id the only connection using it?",
                    Choice("yes", "Yes", "Check the firewall (next step)."),
                    Choice("no", "No", "Fix Tws__Port / Tws__ClientId and restart the bot.")),
                Step("still-failing", "Still failing?",
                    Choice("yes", "Yes", $"Check the firewall allows localhost connections. If nothing helps, call {IbkrSupport}"),
                    Choice("no", "No", "Connected again: check the reconciliation report before trusting the positions.", "/reconcile")),
            ])
        {
            FirstCommand = "/status",
            Impact = "New entries refused while disconnected; positions protected only by orders held at the broker",
            FollowUps = ["Document how long the connection was down and whether it was during market hours", "Review the TWS / IB Gateway logs", "Consider longer reconnect timeouts or a scheduled Gateway restart"],
            Source = "seeds 000 §1, 001, 002 P1-1, 003 §2",
        },

        new(IncidentType.KillSwitch, "Kill switch activated", Severity.Sev1,
            "STOP. Breathe. Do not resume or reconnect anything yet: find out who or what halted trading.",
            [
                Step("intentional", "Was it intentional?",
                    Choice("yes", "Yes", "Good. Wait at least 30 minutes, review why, log it here. Do NOT resume trading the same day; next day run the full pre-flight checklist first."),
                    Choice("no", "No", "Investigate what triggered it (next step).", "/audit")),
                Step("trigger", "What triggered it?",
                    Choice("drawdown", "Drawdown / loss limit", "Check the day's and week's P&L against the limits.", "/pnl day"),
                    Choice("manual", "Manual", "Find who triggered it and why.", "/audit"),
                    Choice("runaway", "Runaway orders", "Follow the runaway-orders runbook: flatten if orders keep coming.", "/orders"),
                    Choice("bug", "Code bug", "Check the logs around the halt time; fix the bug before any resume.")),
                Step("positions", "Do the broker's positions (TWS Portfolio) match ours?",
                    Choice("yes", "Yes", "Document it here and stay halted for the rest of the day.", "/positions"),
                    Choice("no", "No", "Broker is truth: reconcile and follow the position-mismatch runbook.", "/reconcile")),
                Step("loss", "Is the loss within the acceptable range?",
                    Choice("yes", "Yes", "Investigate the root cause (recent trades, strategy bugs, data quality); keep halted today.", "/trades losers"),
                    Choice("no", "No", "Keep the kill switch on and escalate; flatten if the open risk is too high.", "/flatten all")),
            ])
        {
            FirstCommand = "/status",
            Impact = "Trading halted: no new orders, every working order cancelled",
            FollowUps = ["Wait at least 30 minutes before any action", "Review all positions in TWS directly", "Do not resume the same trading day; run the full pre-flight checklist before resuming", "Document the trigger and the decision"],
            Source = "seeds 000 §2, 003 §1",
        },

        new(IncidentType.UnknownPosition, "Unexpected position", Severity.Sev1,
            "Verify before acting: compare the broker's positions with ours. Trading is halted; treat it as possible unauthorized access until it is explained.",
            [
                Step("where", "Where did you see it?",
                    Choice("system", "In the system", "Run a reconciliation to compare with the broker.", "/reconcile"),
                    Choice("broker", "At the broker (TWS)", "If the system shows something different, the broker is truth: reconcile to update the system.", "/reconcile")),
                Step("match", "Do system and broker match now?",
                    Choice("yes", "Yes", "OK, no issue: resume carefully (staged)."),
                    Choice("no", "No", "Keep trading halted and investigate (next step).", "/halt unknown position")),
                Step("missed-fill", "Is it a fill the system missed (an order of ours)?",
                    Choice("yes", "Yes", "Update the system from the broker and check its protective orders.", "/reconcile"),
                    Choice("no", "No", "ESCALATE: possible unauthorized access. Close it in TWS if unwanted, change passwords, check the account activity at IBKR.", "/positions")),
            ])
        {
            FirstCommand = "/positions",
            Impact = "Trading halted; an unexplained position is at risk",
            FollowUps = ["Determine how the position was opened without a journal record", "Fix state management if needed", "Improve position reconciliation"],
            Source = "seeds 000 §3, 002 P1-4, 003 §4",
        },

        new(IncidentType.OrderRejectedPreflight, "Order rejected by pre-flight checks", Severity.Sev3,
            "Read the reason in the alert: it names the rule and the numbers. Adjust the order or wait for the limit to reset.",
            [
                Step("rule", "Which rule rejected it?",
                    Choice("position-limit", "Position limit", "Above the max position (seeds: 10 contracts): reduce the size or close existing.", "/positions"),
                    Choice("order-value", "Order value", "Above the max notional (seeds: $50k): reduce the size.", "/limits"),
                    Choice("rate-limit", "Rate limit", "Too fast (1 order per second per symbol): wait a second; if it keeps happening the strategy loops."),
                    Choice("daily-limit", "Daily limit", "Over 100 orders today: wait until tomorrow.", "/limits"),
                    Choice("blocked", "Symbol blocked", "The symbol is in the blocklist: check the blocklist configuration."),
                    Choice("stale-quote", "Stale or missing quote", "No fresh quote: check the data feed.", "/status")),
                Step("repeating", "Does the same rejection keep coming?",
                    Choice("yes", "Yes", "The strategy keeps sending it: pause it until it is fixed.", "/pause <strategy>"),
                    Choice("no", "No", "A one-off: nothing more to do.")),
            ])
        {
            FirstCommand = "/limits",
            Impact = "The order was not sent; no trading impact beyond it",
            FollowUps = ["Check the strategy sizes its orders within the limits"],
            Source = "seed 000 §4",
        },

        new(IncidentType.OrderRejectedBroker, "Order rejected by the broker", Severity.Sev3,
            "Check the broker's reason in the alert (and the TWS messages); fix the issue or wait for conditions.",
            [
                Step("reason", "What does the broker say?",
                    Choice("margin", "Insufficient margin", "Reduce position sizes or close positions.", "/positions"),
                    Choice("market-closed", "Market closed", "Check the trading hours configuration: the system should not trade outside hours."),
                    Choice("invalid-price", "Invalid price", "The limit price is too far from the market (or outside hours): check the price collar.", "/limits"),
                    Choice("halted", "Symbol halted", "Wait for trading in the symbol to resume."),
                    Choice("permissions", "No permission", "Enable the permission (options, short selling) in IB Account Management."),
                    Choice("contract", "Invalid contract", "Check the symbol and contract parameters of the strategy.")),
                Step("repeating", "Does the same rejection keep coming?",
                    Choice("yes", "Yes", "Pause the strategy until the cause is fixed.", "/pause <strategy>"),
                    Choice("no", "No", "A one-off: nothing more to do.")),
            ])
        {
            FirstCommand = "/orders",
            Impact = "The order was not placed",
            FollowUps = ["Fix the cause (margin, hours, prices, permissions)"],
            Source = "seeds 000 §4, 001, 002 P1-3",
        },

        new(IncidentType.PositionMismatch, "Position mismatch", Severity.Sev3,
            "Run a reconciliation: the broker is always the truth.",
            [
                Step("discrepancy", "What is the discrepancy?",
                    Choice("more", "System shows MORE than the broker", "Likely an order recorded that did not fill: check its status in TWS, then update the system to match the broker.", "/orders"),
                    Choice("less", "System shows LESS than the broker", "Likely a fill that was not recorded: check the TWS execution history, then update the system to match.", "/reconcile"),
                    Choice("price", "Different price", "A price sync issue: use the broker's price as truth.", "/reconcile")),
                Step("corrected", "Do /positions and TWS match now?",
                    Choice("yes", "Yes", "Document the discrepancy here."),
                    Choice("no", "No", "Halt and compare position by position in TWS.", "/halt position mismatch")),
            ])
        {
            FirstCommand = "/reconcile",
            Impact = "Our view of positions and P&L was wrong until corrected",
            FollowUps = ["Document the discrepancy", "Find why the journal missed it"],
            Source = "seed 000 §5",
        },

        new(IncidentType.RunawayOrders, "Runaway orders", Severity.Sev1,
            "Emergency flatten if orders keep coming (trading is already halted).",
            [
                Step("stopped", "Did the orders stop?",
                    Choice("yes", "Yes", "Review what caused it (next step)."),
                    Choice("no", "No", $"Stop the process that sends them, cancel everything and close positions in TWS by hand. {IbkrSupport}", "/cancel all")),
                Step("bug", "Is there a bug in the strategy code (limits bypassed, duplicate orders)?",
                    Choice("yes", "Yes", "Fix the bug and test it before resuming; do not restart the strategy until the root cause is known."),
                    Choice("no", "No", "Look for duplicate idempotency keys and order refs in the audit.", "/audit")),
            ])
        {
            FirstCommand = "/flatten all",
            Impact = "Trading halted; unexpected orders and positions possible",
            FollowUps = ["Full code review of order placement", "Add idempotency checks", "Monitor closely for an hour after resuming"],
            Source = "seeds 000 §6, 002 P0-3",
        },

        new(IncidentType.DataFeedFailure, "Data feed failure", Severity.Sev2,
            "No new entries until the data is confirmed (stale symbols are closing-only). Go through the data-feed checklist.",
            [
                Step("quotes", "Are you getting quotes at all?",
                    Choice("yes", "Yes, slowly", "Just slow, maybe a market-hours issue: continue carefully, no new entries until data is confirmed."),
                    Choice("no", "No", "Check the connection (next step).")),
                Step("connected", "Is TWS connected and logged in?",
                    Choice("yes", "Yes", "Check the market data status in TWS (next step)."),
                    Choice("no", "No", "Reconnect TWS; the bot resumes by itself.", "/status")),
                Step("subscription", "Is the market data subscription active, with the right permissions and within the market data line limits?",
                    Choice("yes", "Yes", "Maybe a provider issue: wait, or use a backup data source."),
                    Choice("no", "No", "Resubscribe to the data feeds.")),
            ])
        {
            FirstCommand = "/status",
            Impact = "New entries refused for the symbols without fresh quotes",
            FollowUps = ["Document the gap and its duration", "Check the data subscription and its limits"],
            Source = "seeds 000 §7, 003 §3, 004",
        },

        new(IncidentType.BotCrash, "Bot crash", Severity.Sev1,
            "Check in TWS that the protective (stop / bracket) orders of every open position are still at the broker.",
            [
                Step("brackets", "Are the protective orders still active in TWS?",
                    Choice("yes", "Yes", "The positions are protected: read the crash reason in the logs (data/logs)."),
                    Choice("no", "No", "Close unfavourable positions in TWS or flatten.", "/flatten all")),
                Step("reconciled", "After the restart, did the positions reconcile?",
                    Choice("yes", "Yes", "Check /positions matches TWS.", "/positions"),
                    Choice("no", "No", "Run a reconciliation: the broker is truth.", "/reconcile")),
                Step("recurring", "Does it keep crashing?",
                    Choice("yes", "Yes", "Look for a pattern (symbol, strategy, time), enable debug logging and pause the suspicious strategy.", "/pause <strategy>"),
                    Choice("no", "No", "Note the crash reason here and keep watching.")),
            ])
        {
            FirstCommand = "/positions",
            Impact = "Positions unmanaged while the bot was down",
            FollowUps = ["Identify the crash cause", "Fix it if it is a code issue", "Improve crash handling if needed"],
            Source = "seeds 001, 002 P0-2",
        },

        new(IncidentType.MarginPressure, "Margin pressure", Severity.Sev2,
            "Reduce risk now: IB liquidates positions by itself when margin requirements are not met.",
            [
                Step("imminent", "Is a margin call or liquidation imminent?",
                    Choice("yes", "Yes", "Flatten the largest positions (or all) now.", "/flatten <symbol>"),
                    Choice("no", "No", "Stop new entries and reduce sizes.", "/halt margin")),
                Step("sizing", "Is the position sizing too aggressive for the account?",
                    Choice("yes", "Yes", "Lower the max position size and the position size percentage.", "/limits"),
                    Choice("no", "No", "Look for an unexpected position or a price gap.", "/reconcile")),
            ])
        {
            FirstCommand = "/positions",
            Impact = "Risk of forced liquidation by the broker",
            FollowUps = ["Keep max position size and max positions conservative", "Watch the account value"],
            Source = "seeds 001, 002, 003",
        },

        new(IncidentType.StrategyLossLimit, "Strategy hit its daily loss limit", Severity.Sev2,
            "Working as intended: the strategy is paused. Review its losing trades.",
            [
                Step("cause", "Are the losses from a misconfiguration or from genuinely bad market conditions?",
                    Choice("config", "Misconfiguration", "Fix the strategy's configuration before unpausing it."),
                    Choice("market", "Market conditions", "Leave it paused; it may trade again after /unpause.")),
                Step("limit", "Is the limit too tight, or the strategy underperforming?",
                    Choice("tight", "Too tight", "Raise the strategy's daily loss limit (admin, confirmed).", "/limits"),
                    Choice("underperforming", "Underperforming", "Keep it paused or disable it.", "/pause <strategy>")),
            ])
        {
            FirstCommand = "/trades losers",
            Impact = "One strategy paused for the rest of the day",
            FollowUps = ["Review the strategy's losing trades", "Review its daily loss limit"],
            Source = "seed 001",
        },

        new(IncidentType.GlobalLossLimit, "Account loss limit reached", Severity.Sev2,
            "All new trading is stopped until the next trading day. Review all of today's losses.",
            [
                Step("protected", "Do the open positions have their protective orders at the broker?",
                    Choice("yes", "Yes", "No action needed: trading resumes the next trading day."),
                    Choice("no", "No", "Place protective orders or flatten.", "/flatten all")),
                Step("frequent", "Is the limit hit often?",
                    Choice("yes", "Yes", "Review the risk parameters (sizes, limits).", "/limits"),
                    Choice("no", "No", "Document it; nothing else to do.")),
            ])
        {
            FirstCommand = "/trades losers",
            Impact = "No new trades until the next trading day",
            FollowUps = ["Review the day's losses", "Review risk parameters if the limit is hit often"],
            Source = "seed 001",
        },

        new(IncidentType.DrawdownBreaker, "Drawdown circuit breaker tripped", Severity.Sev1,
            "No immediate action needed: trading stopped by design. Review the losing trades and the P&L curve.",
            [
                Step("pattern", "Do the losses share a pattern (same direction, similar setups, market conditions)?",
                    Choice("yes", "Yes", "Note it: the strategy needs changes before it trades again."),
                    Choice("no", "No", "Check whether the backtest assumptions still hold.", "/pnl week")),
                Step("decision", "Resume or stop?",
                    Choice("stop", "Stop for the day", "Nothing to do: it stays halted."),
                    Choice("reduce", "Reduce sizes and resume", "Lower the sizes, then resume in stages (not the same day).", "/resume <reason>"),
                    Choice("error", "Measurement error", "Reset only if the drawdown was a measurement error: not recommended, the breaker is the protection.")),
            ])
        {
            FirstCommand = "/trades losers",
            Impact = "Trading halted by the breaker",
            FollowUps = ["Document what caused the drawdown", "Review the strategy parameters", "Update risk management if needed"],
            Source = "seeds 002 P1-2, 004",
        },

        new(IncidentType.NoSignals, "No signals for a long time", Severity.Sev3,
            "Check the status: signal and order counters, market hours, halt state.",
            [
                Step("market-open", "Is the market open?",
                    Choice("yes", "Yes", "Check the halt and strategies (next step)."),
                    Choice("no", "No", "Nothing wrong: no signals outside trading hours.")),
                Step("halted", "Is trading halted or the strategy paused?",
                    Choice("yes", "Yes", "Expected: no signals while halted or paused.", "/strategies"),
                    Choice("no", "No", "Check the data (next step).")),
                Step("data", "Is market data flowing (fresh quotes)?",
                    Choice("yes", "Yes", "Check the regime (some strategies trade only in some conditions) and that the strategies are enabled.", "/strategies"),
                    Choice("no", "No", "Follow the data-feed runbook.", "/status")),
            ])
        {
            FirstCommand = "/status",
            Impact = "Missed trading opportunities",
            FollowUps = ["Check the strategies' conditions and data"],
            Source = "seeds 001, 004",
        },

        new(IncidentType.SlippageTooHigh, "Slippage too high", Severity.Sev3,
            "Compare the fill prices with the quotes at order time for the recent trades.",
            [
                Step("liquidity", "Are the symbols illiquid or the spreads wide?",
                    Choice("yes", "Yes", "Skip wide-spread contracts (spread threshold) or trade more liquid symbols."),
                    Choice("no", "No", "Check the order pricing (next step).")),
                Step("pricing", "Are entries priced too aggressively (market orders, bias toward the ask)?",
                    Choice("yes", "Yes", "Bias the entry price toward the bid or use limit orders."),
                    Choice("no", "No", "Check for stale quotes or data latency.", "/status")),
            ])
        {
            FirstCommand = "/trades today",
            Impact = "Worse fills than expected",
            FollowUps = ["Review entry pricing and contract selection"],
            Source = "seed 001",
        },

        new(IncidentType.PositionStuck, "Position held past its time limit", Severity.Sev3,
            "Check whether exit or protective orders exist at the broker for this position.",
            [
                Step("orders", "Do exit orders for it exist in TWS?",
                    Choice("yes", "Yes", "Check whether the contract became illiquid (no buyers)."),
                    Choice("no", "No", "Close it: flatten the symbol; reconciliation records the close.", "/flatten <symbol>")),
                Step("errors", "Do the logs show failed exit attempts?",
                    Choice("yes", "Yes", "Fix the exit path; close the position by hand meanwhile."),
                    Choice("no", "No", "Close it manually in TWS; reconciliation marks it closed.", "/reconcile")),
            ])
        {
            FirstCommand = "/orders",
            Impact = "A position carries risk beyond its planned holding time",
            FollowUps = ["Find why the time-based exit did not happen"],
            Source = "seed 001",
        },

        new(IncidentType.NotificationFailure, "Alert channel not delivering", Severity.Sev3,
            "Test the channel; alerts keep flowing on the other channels meanwhile.",
            [
                Step("test", "Does /test_notify arrive?",
                    Choice("yes", "Yes", "Transient (rate limit or network): nothing more to do."),
                    Choice("no", "No", "Check the configuration (next step).")),
                Step("config", "Are the bot token, webhook and chat ids still valid?",
                    Choice("yes", "Yes", "Check the network to the platform; restart the bot to reload the settings."),
                    Choice("no", "No", "Recreate the token or webhook, update the .env (Telegram__BotToken, Discord__BotToken) and restart.")),
            ])
        {
            FirstCommand = "/test_notify",
            Impact = "Alerts reach fewer channels until fixed",
            FollowUps = ["Check the token / webhook", "Make sure a second channel is configured"],
            Source = "seeds 001, 002 P2-2",
        },

        new(IncidentType.DatabaseCorruption, "Database problem", Severity.Sev1,
            "Stop the bot and keep the database file as it is: copy it aside before anything else. New risk is refused meanwhile.",
            [
                Step("integrity", "What does PRAGMA integrity_check say?",
                    Choice("ok", "ok", "False alarm: check disk space and permissions, then restart the bot."),
                    Choice("error", "Errors", "Corruption confirmed: keep the corrupt file (copy with a timestamp) and restore the latest backup from data/backups.")),
                Step("restored", "Does the restored database pass the integrity check?",
                    Choice("yes", "Yes", "Start the bot; reconciliation with the broker fills in what the backup missed (broker is truth).", "/reconcile"),
                    Choice("no", "No", "Try an older backup; never delete the corrupt copy.")),
            ])
        {
            FirstCommand = "/status",
            Impact = "Journal writes failed: new risk refused, records at risk",
            FollowUps = ["Document what caused the corruption", "Review the backup frequency", "Check disk health (smartctl)"],
            Source = "seeds 002 P0-1, 003, 004",
        },

        new(IncidentType.BackupFailure, "Backup failed", Severity.Sev4,
            "Check the disk space and the backup folder's permissions.",
            [
                Step("disk", "Is there enough disk space?",
                    Choice("yes", "Yes", "Check the permissions of data/backups."),
                    Choice("no", "No", "Free disk space, then run a backup by hand.")),
                Step("manual", "Does a backup by hand, with its integrity check, work?",
                    Choice("yes", "Yes", "Transient: check tonight's backup."),
                    Choice("no", "No", "Read the backup error in the log and fix it before tonight.")),
            ])
        {
            Impact = "No fresh backup: a corruption would lose more",
            FollowUps = ["Verify the next nightly backup"],
            Source = "seed 002 P3-3",
        },

        new(IncidentType.HighRejectRate, "High reject rate", Severity.Sev2,
            "Find which rule or broker reason dominates the rejections.",
            [
                Step("source", "Are most rejections ours (pre-flight) or the broker's?",
                    Choice("preflight", "Pre-flight", "A strategy keeps sending orders the limits refuse: pause it.", "/pause <strategy>"),
                    Choice("broker", "Broker", "Check the broker's reasons (margin, hours, prices); halt if it keeps failing.", "/halt reject rate")),
                Step("one-strategy", "Is it one strategy?",
                    Choice("yes", "Yes", "Pause it until it is fixed.", "/pause <strategy>"),
                    Choice("no", "No", "Check the account (margin, permissions) and the data feed.", "/status")),
            ])
        {
            FirstCommand = "/status",
            Impact = "Orders failing: strategies not trading as intended",
            FollowUps = ["Tune the strategy or the limits", "Review the alert threshold"],
            Source = "seeds 003, 004",
        },

        new(IncidentType.ReconciliationBreak, "Reconciliation break over the threshold", Severity.Sev1,
            "Halt trading and reconcile with the broker (broker is truth) before anything resumes.",
            [
                Step("halted", "Is trading halted?",
                    Choice("yes", "Yes", "Keep it halted until a reconciliation passes clean."),
                    Choice("no", "No", "Halt now: breaks over $1K are SEV1.", "/halt reconciliation break")),
                Step("discrepancy", "What is the discrepancy?",
                    Choice("more", "System shows MORE", "An order recorded that did not fill: check it in TWS, update the system to match.", "/orders"),
                    Choice("less", "System shows LESS", "A fill not recorded: check the TWS execution history, update the system to match.", "/reconcile"),
                    Choice("price", "Different price", "Use the broker's price as truth.", "/reconcile"),
                    Choice("unknown", "Unknown position", "Follow the unexpected-position runbook: possible unauthorized access.", "/positions")),
                Step("clean", "Does a new reconciliation pass clean?",
                    Choice("yes", "Yes", "Resume in stages (restricted, cautious, normal).", "/resume <reason>"),
                    Choice("no", "No", "Stay halted; compare position by position in TWS.", "/reconcile")),
            ])
        {
            FirstCommand = "/reconcile",
            Impact = "Positions or P&L wrong by more than the threshold",
            FollowUps = ["Find why the journal diverged", "Review the reconciliation threshold"],
            Source = "seed 004",
        },

        new(IncidentType.OrderWhileHalted, "Orders placed while halted", Severity.Sev1,
            "Something still places orders while trading is halted; they are being cancelled. Find out who: another bot or a TWS session on this account?",
            [
                Step("source", "Is it another of your bots or a manual TWS session?",
                    Choice("yes", "Yes", "Stop that bot or session: it must respect the halt."),
                    Choice("no", "No", "Treat it as possible unauthorized access: change passwords, check the account activity at IBKR, close unwanted positions.", "/positions")),
                Step("filled", "Did any of those orders fill?",
                    Choice("yes", "Yes", "Reconcile, then decide whether to close them.", "/reconcile"),
                    Choice("no", "No", "Nothing filled: keep watching the orders.", "/orders")),
            ])
        {
            FirstCommand = "/orders",
            Impact = "Orders reached the broker during a halt",
            FollowUps = ["Make every bot on the account respect the halt"],
            Source = "seeds 000 §3 and §6 (limits bypassed: there is a bug or someone else)",
        },

        new(IncidentType.UnauthorizedAccess, "Unauthorized command attempts", Severity.Sev2,
            "Check who tried which commands.",
            [
                Step("known", "Is it someone you know?",
                    Choice("yes", "Yes", "Add their user id with the right role to the configuration."),
                    Choice("no", "No", "Make sure the bot is in no public group; rotate the bot token if it leaked.")),
                Step("activity", "Any unexpected orders or positions?",
                    Choice("yes", "Yes", "Halt and follow the unexpected-position runbook.", "/halt unauthorized activity"),
                    Choice("no", "No", "Nothing happened: the attempts were refused.")),
            ])
        {
            FirstCommand = "/audit",
            Impact = "None while the attempts are refused",
            FollowUps = ["Review who can reach the bot"],
            Source = "seed 000 §3 (escalate possible unauthorized access)",
        },
    ];
}
