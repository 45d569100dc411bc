using System.Globalization;
using System.Text.Json;
using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Simulator.Internal;

namespace ChatOpsTrader.Simulator;

/// <summary>State file: written atomically (temp file, fsync, rename) before a change's events are delivered; replayed at load.</summary>
public sealed partial class PaperExchange
{
    private void StartFresh_NeedsLock(DateTimeOffset now)
    {
        _symbols.Clear();
        _symbolList.Clear();
        _orders.Clear();
        _working.Clear();
        _finished.Clear();
        _executions.Clear();
        _nextOrderId = 1;
        _nextPermId = 1_000_000_001;
        _nextExecSeq = 1;
        _cash = _options.StartingCash;
        _realizedPnl = 0;
        _session = unchecked((uint)now.ToUnixTimeSeconds());
        _lastTickAt = now;
        foreach (var (symbol, price) in _options.Symbols.OrderBy(p => Normalize(p.Key), StringComparer.Ordinal))
            AddSymbol_NeedsLock(new SymbolState(Normalize(symbol), price, price), now);
        _dirty = true;
        Log.NewAccount(_logger, _options.AccountId, _options.StartingCash, _options.StateFilePath ?? "(memory)");
    }

    private void AddSymbol_NeedsLock(SymbolState s, DateTimeOffset now)
    {
        if (s.Quote.Symbol is null)
            s.Quote = Quote_NeedsLock(s, now);
        _symbols[s.Symbol] = s;
        _symbolList.Add(s);
        _symbolList.Sort((a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
    }

    private bool TryLoad_NeedsLock(DateTimeOffset now)
    {
        var path = _options.StateFilePath;
        if (path is null || !File.Exists(path))
            return false;

        PaperStateDocument document;
        try
        {
            var bytes = File.ReadAllBytes(path);
            document = JsonSerializer.Deserialize(bytes, PaperStateJsonContext.Default.PaperStateDocument)
                ?? throw new InvalidDataException("the file holds no state");
            Check(document);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or FormatException or OverflowException or ArgumentException)
        {
            // The broker is a simulation and the journal reconciles against it: keep the evidence, open a new account.
            var aside = path + ".corrupt-" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            try
            {
                File.Move(path, aside, overwrite: true);
                Log.StateCorrupt(_logger, path, aside, ex);
            }
            catch (Exception moveEx) when (moveEx is IOException or UnauthorizedAccessException)
            {
                Log.StateCorrupt(_logger, path, "(could not be moved: " + moveEx.Message + ")", ex);
            }

            return false;
        }

        Restore_NeedsLock(document, now);
        Log.StateLoaded(_logger, path, _working.Count, _symbolList.Count(s => s.Position != 0), document.SavedAt);
        CatchUp_NeedsLock(now);
        return true;
    }

    private static void Check(PaperStateDocument d)
    {
        if (d.Version != PaperStateDocument.CurrentVersion)
            throw new InvalidDataException($"unsupported state version {d.Version}");
        if (d.Symbols is null || d.Orders is null || d.Executions is null)
            throw new InvalidDataException("missing sections");
        if (d.NextOrderId < 1 || d.NextPermId < 1 || d.NextExecSeq < 1)
            throw new InvalidDataException("invalid id counters");
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in d.Symbols)
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Symbol) || s.Mid <= 0 || s.Anchor <= 0 || s.Bid <= 0 || s.Ask < s.Bid || !symbols.Add(s.Symbol))
                throw new InvalidDataException("invalid symbol entry");
        }

        var ids = new HashSet<long>();
        foreach (var o in d.Orders)
        {
            if (o is null || !symbols.Contains(o.Symbol) || o.Quantity <= 0 || o.Filled < 0 || o.Filled > o.Quantity || !ids.Add(o.Id) || o.Id <= 0
                || !Enum.IsDefined(o.Status) || !Enum.IsDefined(o.Side) || !Enum.IsDefined(o.Type) || o.OrderRef is null || o.OcaGroup is null || o.Chunks is null
                || (o.Type is OrderType.Limit or OrderType.StopLimit && o.LimitPrice is not > 0)
                || (o.Type is OrderType.Stop or OrderType.StopLimit && o.StopPrice is not > 0))
                throw new InvalidDataException($"invalid order entry {o?.Id}");
        }

        if (d.Executions.Any(e => e is null || string.IsNullOrEmpty(e.ExecId) || e.Symbol is null || e.OrderRef is null || e.Account is null))
            throw new InvalidDataException("invalid execution entry");
    }

    private void Restore_NeedsLock(PaperStateDocument d, DateTimeOffset now)
    {
        _session = d.Session;
        _nextOrderId = d.NextOrderId;
        _nextPermId = d.NextPermId;
        _nextExecSeq = d.NextExecSeq;
        _cash = d.Cash;
        _realizedPnl = d.RealizedPnl;
        _lastTickAt = d.LastTickAt;
        foreach (var s in d.Symbols)
        {
            AddSymbol_NeedsLock(
                new SymbolState(s.Symbol, s.Mid, s.Anchor)
                {
                    Quote = new Quote(s.Symbol, s.Bid, s.Ask, s.Last, s.QuoteTime),
                    Position = s.Position,
                    AverageCost = s.AverageCost,
                    RealizedPnl = s.RealizedPnl,
                },
                now);
        }

        foreach (var (symbol, price) in _options.Symbols)
        {
            if (!_symbols.ContainsKey(Normalize(symbol)))
                AddSymbol_NeedsLock(new SymbolState(Normalize(symbol), price, price), now);
        }

        foreach (var o in d.Orders)
        {
            var order = new OrderState
            {
                Id = o.Id,
                PermId = o.PermId,
                ClientId = o.ClientId,
                Account = o.Account,
                OrderRef = o.OrderRef,
                Symbol = o.Symbol,
                Side = o.Side,
                Type = o.Type,
                LimitPrice = o.LimitPrice,
                StopPrice = o.StopPrice,
                ParentId = o.ParentId,
                OcaGroup = o.OcaGroup,
                CreatedAt = o.CreatedAt,
                UpdatedAt = o.UpdatedAt,
                Quantity = o.Quantity,
                Status = o.Status,
                Filled = o.Filled,
                FilledValue = o.FilledValue,
                LastFillPrice = o.LastFillPrice,
                Triggered = o.Triggered,
                Resting = o.Resting,
                Planned = o.Planned,
            };
            order.Chunks.AddRange(o.Chunks);
            _orders[order.Id] = order;
            if (order.IsWorking)
                _working.Add(order);
            else
                _finished.Enqueue(order.Id);
            _nextOrderId = Math.Max(_nextOrderId, order.Id + 1);
        }

        _working.Sort((a, b) => a.Id.CompareTo(b.Id));
        _executions.AddRange(d.Executions);
        _executionCount = 0;
    }

    /// <summary>Replays the ticks missed while the process was down, with their historical times, without publishing events.</summary>
    private void CatchUp_NeedsLock(DateTimeOffset now)
    {
        var from = _lastTickAt;
        if (now < from)
        {
            Log.ClockWentBack(_logger, from, now);
            _lastTickAt = now;
            return;
        }

        var tick = _options.TickInterval;
        var missed = (now - from).Ticks / tick.Ticks;
        var cap = Math.Min(_options.MaxCatchUpSteps, _options.MaxCatchUpSpan.Ticks / tick.Ticks);
        var steps = (int)Math.Min(missed, cap);
        var executionsBefore = _executionCount;
        _replaying = true;
        try
        {
            for (var i = 1; i <= steps; i++)
            {
                _replayNow = from + (tick * i);
                Tick_NeedsLock();
            }
        }
        finally
        {
            _replaying = false;
            _replayNow = null;
        }

        var report = new PaperCatchUpReport(from, from + (tick * steps), steps, missed > steps, (int)(_executionCount - executionsBefore));
        LastCatchUp = report;
        _dirty = true;
        Log.CaughtUp(_logger, report.Steps, report.To - report.From, report.From, report.Executions, report.Capped);
    }

    private void SaveIfNeeded_NeedsLock()
    {
        if (_dirty || (_quotesDirty && _time.GetUtcNow() - _lastSaveAt >= _options.QuoteSaveInterval))
            Save_NeedsLock();
    }

    private void Save_NeedsLock()
    {
        var path = _options.StateFilePath;
        if (path is null)
        {
            _dirty = _quotesDirty = false;
            return;
        }

        var now = _time.GetUtcNow();
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(Document_NeedsLock(now), PaperStateJsonContext.Default.PaperStateDocument);
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            _dirty = _quotesDirty = false;
            _lastSaveAt = now;
            if (_saveFailing)
            {
                _saveFailing = false;
                Log.SaveRecovered(_logger, path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Keep trading in memory; the next change tries again. Log once per failure streak.
            if (!_saveFailing)
                Log.SaveFailed(_logger, path, ex);
            _saveFailing = true;
            _lastSaveAt = now;
        }
    }

    private PaperStateDocument Document_NeedsLock(DateTimeOffset now) => new()
    {
        Version = PaperStateDocument.CurrentVersion,
        AccountId = _options.AccountId,
        Session = _session,
        SavedAt = now,
        LastTickAt = _lastTickAt,
        NextOrderId = _nextOrderId,
        NextPermId = _nextPermId,
        NextExecSeq = _nextExecSeq,
        Cash = _cash,
        RealizedPnl = _realizedPnl,
        Symbols = [.. _symbolList.Select(s => new SymbolDocument
        {
            Symbol = s.Symbol,
            Mid = s.Mid,
            Anchor = s.Anchor,
            Bid = s.Quote.Bid,
            Ask = s.Quote.Ask,
            Last = s.Quote.Last,
            QuoteTime = s.Quote.Time,
            Position = s.Position,
            AverageCost = s.AverageCost,
            RealizedPnl = s.RealizedPnl,
        })],
        Orders = [.. _orders.Values.OrderBy(o => o.Id).Select(o => new OrderDocument
        {
            Id = o.Id,
            PermId = o.PermId,
            ClientId = o.ClientId,
            Account = o.Account,
            OrderRef = o.OrderRef,
            Symbol = o.Symbol,
            Side = o.Side,
            Type = o.Type,
            LimitPrice = o.LimitPrice,
            StopPrice = o.StopPrice,
            ParentId = o.ParentId,
            OcaGroup = o.OcaGroup,
            CreatedAt = o.CreatedAt,
            UpdatedAt = o.UpdatedAt,
            Quantity = o.Quantity,
            Status = o.Status,
            Filled = o.Filled,
            FilledValue = o.FilledValue,
            LastFillPrice = o.LastFillPrice,
            Triggered = o.Triggered,
            Resting = o.Resting,
            Planned = o.Planned,
            Chunks = [.. o.Chunks],
        })],
        Executions = _executions.Count <= _options.MaxPersistedExecutions
            ? [.. _executions]
            : _executions.GetRange(_executions.Count - _options.MaxPersistedExecutions, _options.MaxPersistedExecutions),
    };
}
