using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>
/// Slash commands from the router's catalogue: one Discord command per router command, with options and choices
/// so <c>/trades losers</c> is natural, and the way back from an interaction's options to the command text the
/// router runs. Pure.
/// </summary>
public static class DiscordCommands
{
    private const int StringType = 3;
    private const int IntegerType = 4;
    private const int BooleanType = 5;

    // Options per command, in Discord order (required first). Position is where the value goes in the text.
    private static readonly Dictionary<string, OptionSpec[]> Specs = new(StringComparer.Ordinal)
    {
        ["trades"] =
        [
            new("filter", StringType, "Which trades: today's losers (worst first), today's winners, or all of today", false, Choices: ["losers", "winners", "today"]),
            new("count", IntegerType, "Or: the last N closed trades", false, Min: 1, Max: 500),
        ],
        ["pnl"] = [new("period", StringType, "Period (default day)", false, Choices: ["day", "week", "month"])],
        ["halt"] = [new("reason", StringType, "Why (kept in the audit log)", false, MaxLength: 200)],
        ["cancel"] = [new("order", StringType, "An order id from /orders, or all", true, MaxLength: 20)],
        ["pause"] = [new("strategy", StringType, "Strategy name from /strategies", true, MaxLength: 64)],
        ["unpause"] = [new("strategy", StringType, "Strategy name from /strategies", true, MaxLength: 64)],
        ["audit"] = [new("count", IntegerType, "How many entries (default 20)", false, Min: 1, Max: 200)],
        ["flatten"] = [new("symbol", StringType, "One symbol, or all (default all)", false, MaxLength: 12)],
        ["resume"] =
        [
            new("reason", StringType, "Why it is safe to trade again (kept in the audit log)", true, MaxLength: 200, Position: 1),
            new("override", BooleanType, "Override the resume policy (recorded as such)", false, Word: "override", Position: 0),
        ],
        ["confirm"] = [new("id", StringType, "The confirmation id from the preview", true, MaxLength: 80)],
    };

    /// <summary>Permission bits for commands only server admins see by default ("0"); our role check still runs on every use.</summary>
    public const string AdminOnlyPermissions = "0";

    /// <summary>
    /// The bulk-overwrite payload. Admin-role commands (/flatten, /resume) get <c>default_member_permissions "0"</c>
    /// so only server admins see them by default; viewer and operator commands stay visible (the kill switch must
    /// never be hidden from an operator by a Discord setting). The allowlist decides in every case.
    /// </summary>
    public static JsonArray Build(IEnumerable<CommandDefinition> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var result = new JsonArray();
        foreach (var command in commands.Take(100))
        {
            if (!IsValidName(command.Name))
                continue;
            var description = Description(command.Description);
            var json = new JsonObject
            {
                ["name"] = command.Name,
                ["type"] = 1,
                ["description"] = description,
            };
            var options = new JsonArray();
            foreach (var spec in OptionsOf(command))
                options.Add(spec.ToJson());
            if (options.Count > 0)
                json["options"] = options;
            if (command.MinimumRole >= Role.Admin)
                json["default_member_permissions"] = AdminOnlyPermissions;
            result.Add(json);
        }
        return result;
    }

    /// <summary>
    /// The command text for an application command's <c>data</c> (<c>{name, options}</c>), e.g.
    /// <c>/trades losers</c>. Null when the name is not a command name.
    /// </summary>
    public static string? CommandText(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            return null;
        var name = nameElement.GetString()!;
        if (!IsValidName(name))
            return null;
        Specs.TryGetValue(name, out var specs);
        var words = new List<string>();
        if (data.TryGetProperty("options", out var options))
            Walk(options, specs, words);
        var text = new StringBuilder("/").Append(name);
        foreach (var word in words.Where(w => w.Length > 0))
            text.Append(' ').Append(word);
        return text.ToString();
    }

    private static void Walk(JsonElement options, OptionSpec[]? specs, List<string> words)
    {
        if (options.ValueKind != JsonValueKind.Array)
            return;
        var values = new List<(int Position, int Order, string Text)>();
        var order = 0;
        foreach (var option in options.EnumerateArray())
        {
            if (option.ValueKind != JsonValueKind.Object)
                continue;
            var name = option.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
            var type = option.TryGetProperty("type", out var t) && t.TryGetInt32(out var ti) ? ti : 0;
            if (type is 1 or 2)
            {
                // Subcommand (group): its name is a word, its options follow.
                if (IsValidName(name))
                    words.Add(name);
                if (option.TryGetProperty("options", out var inner))
                    Walk(inner, null, words);
                continue;
            }
            var spec = specs?.FirstOrDefault(s => s.Name == name);
            var position = spec?.Position ?? 100 + order;
            if (!option.TryGetProperty("value", out var value))
                continue;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => Clean(value.GetString()!),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => spec?.Word ?? name,
                _ => string.Empty,
            };
            values.Add((position, order++, text));
        }
        words.AddRange(values.OrderBy(v => v.Position).ThenBy(v => v.Order).Select(v => v.Text));
    }

    private static IEnumerable<OptionSpec> OptionsOf(CommandDefinition command)
    {
        if (Specs.TryGetValue(command.Name, out var specs))
            return specs;
        // A command added to the router later still works: one free-text option with its usage.
        var usage = command.Usage.Trim();
        return usage.Contains(' ', StringComparison.Ordinal)
            ? [new OptionSpec("arguments", StringType, Description("Arguments: " + usage), false, MaxLength: 900)]
            : [];
    }

    private static string Clean(string value) => new string([.. value.Where(c => !char.IsControl(c))]).Trim();

    private static string Description(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        if (oneLine.Length == 0)
            return "ChatOpsTrader command";
        oneLine = char.ToUpper(oneLine[0], CultureInfo.InvariantCulture) + oneLine[1..];
        return oneLine.Length <= 100 ? oneLine : oneLine[..99] + "…";
    }

    /// <summary>Lower-case letters, digits, '-' and '_', 1 to 32 characters (a subset of what Discord allows).</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 32 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private sealed record OptionSpec(string Name, int Type, string Description, bool Required, string[]? Choices = null, int? Min = null, int? Max = null, int? MaxLength = null, string? Word = null, int Position = 0)
    {
        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["type"] = Type,
                ["name"] = Name,
                ["description"] = Description.Length <= 100 ? Description : Description[..99] + "…",
                ["required"] = Required,
            };
            if (Choices is not null)
                json["choices"] = new JsonArray([.. Choices.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["value"] = c })]);
            if (Min is { } min)
                json["min_value"] = min;
            if (Max is { } max)
                json["max_value"] = max;
            if (MaxLength is { } length)
                json["max_length"] = length;
            return json;
        }
    }
}
