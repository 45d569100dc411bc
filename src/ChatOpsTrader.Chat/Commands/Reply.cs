using System.Text;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>How a reply should look: transports pick colours and icons from it.</summary>
public enum ReplySeverity
{
    /// <summary>Neutral information.</summary>
    Info,

    /// <summary>Something was done.</summary>
    Success,

    /// <summary>Needs attention (a refusal, a preview of something dangerous).</summary>
    Warning,

    /// <summary>Something is wrong, or an emergency action.</summary>
    Danger,
}

/// <summary>Button styles; Discord maps Danger to its red style.</summary>
public enum ButtonStyle
{
    /// <summary>Primary action.</summary>
    Primary,

    /// <summary>Secondary action (Cancel).</summary>
    Secondary,

    /// <summary>A dangerous action (flatten).</summary>
    Danger,
}

/// <summary>A button: pressing it runs <see cref="Command"/> as the same person.</summary>
public sealed record ReplyButton(string Label, string Command, ButtonStyle Style);

/// <summary>A table of text cells.</summary>
public sealed record ReplyTable(string? Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The transport-agnostic answer to a command. Every transport formats the same model its own way.</summary>
public sealed record Reply
{
    /// <summary>One line that says what this is.</summary>
    public required string Title { get; init; }

    /// <summary>Colour of the reply.</summary>
    public ReplySeverity Severity { get; init; } = ReplySeverity.Info;

    /// <summary>Lines of text (facts, explanations).</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>Tables (positions, orders, trades).</summary>
    public IReadOnlyList<ReplyTable> Tables { get; init; } = [];

    /// <summary>The id to confirm with <c>/confirm &lt;id&gt;</c>, when the command needs a confirmation.</summary>
    public string? ConfirmationId { get; init; }

    /// <summary>Buttons (Confirm / Cancel).</summary>
    public IReadOnlyList<ReplyButton> Buttons { get; init; } = [];

    /// <summary>True when only the person asking should see it.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Creates an error reply.</summary>
    public static Reply Error(string title, params string[] lines) => new() { Title = title, Severity = ReplySeverity.Warning, Lines = lines };

    /// <summary>Plain text: title, lines, then each table in aligned columns.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Title);
        foreach (var line in Lines)
            sb.AppendLine(line);
        foreach (var table in Tables)
        {
            sb.AppendLine();
            if (table.Caption is not null)
                sb.AppendLine(table.Caption);
            AppendTable(sb, table);
        }
        if (ConfirmationId is not null)
        {
            sb.AppendLine();
            sb.Append("To confirm: /confirm ").AppendLine(ConfirmationId);
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Writes a table as aligned monospace columns.</summary>
    public static void AppendTable(StringBuilder sb, ReplyTable table)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(table);
        var widths = table.Headers.Select(h => h.Length).ToArray();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < Math.Min(row.Count, widths.Length); i++)
                widths[i] = Math.Max(widths[i], row[i].Length);
        }
        void Row(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : string.Empty;
                sb.Append(cell.PadRight(widths[i]));
                if (i < widths.Length - 1)
                    sb.Append("  ");
            }
            sb.AppendLine();
        }
        Row(table.Headers);
        foreach (var row in table.Rows)
            Row(row);
        if (table.Rows.Count == 0)
            sb.AppendLine("(none)");
    }
}
