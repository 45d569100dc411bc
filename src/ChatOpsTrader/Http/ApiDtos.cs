using ChatOpsTrader.Chat.Commands;

namespace ChatOpsTrader.Host.Http;

/// <summary>Body of <c>POST /api/commands</c>.</summary>
public sealed record CommandBody(string? Text);

/// <summary>Body of <c>POST /api/orders</c>.</summary>
public sealed record OrderBody(string? Symbol, string? Side, decimal? Quantity, string? Type, decimal? LimitPrice, decimal? StopPrice, decimal? TakeProfit, decimal? StopLoss);

/// <summary>A command reply as JSON.</summary>
public sealed record ReplyDto(string Text, string Title, string Severity, IReadOnlyList<string> Lines, IReadOnlyList<ReplyTable> Tables, string? ConfirmationId, IReadOnlyList<ReplyButtonDto> Buttons)
{
    public static ReplyDto From(Reply reply) => new(
        reply.ToText(), reply.Title, reply.Severity.ToString().ToLowerInvariant(), reply.Lines, reply.Tables, reply.ConfirmationId,
        [.. reply.Buttons.Select(b => new ReplyButtonDto(b.Label, b.Command, b.Style.ToString().ToLowerInvariant()))]);
}

/// <summary>A button as JSON.</summary>
public sealed record ReplyButtonDto(string Label, string Command, string Style);

/// <summary>An error as JSON: what is wrong, in words.</summary>
public sealed record ErrorDto(string Error, string? Detail = null);
