using System.Text;
using ChatOpsTrader.Chat.Commands;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// Maps reply buttons to inline keyboard buttons and back. callback_data is 1-64 bytes, so a confirmation button
/// carries only <c>c:&lt;id&gt;</c> (confirm) or <c>x:&lt;id&gt;</c> (cancel); any other short command is carried as
/// <c>r:&lt;command&gt;</c>. Whatever the data says, the command runs through the router as the person who pressed,
/// exactly as if they had typed it, so forged data gains nothing.
/// </summary>
public static class TelegramKeyboard
{
    /// <summary>The Bot API's limit for callback_data.</summary>
    public const int MaxCallbackDataBytes = 64;

    private const string ConfirmPrefix = "/confirm ";
    private const string CancelMarker = "cancel-";

    /// <summary>The inline keyboard for <paramref name="buttons"/> (two per row), or null when there are none that fit.</summary>
    public static InlineKeyboardMarkup? FromButtons(IReadOnlyList<ReplyButton> buttons)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        var mapped = new List<InlineKeyboardButton>();
        foreach (var button in buttons)
        {
            if (ToCallbackData(button.Command) is not { } data)
                continue;
            var label = SafeText.Clean(string.IsNullOrWhiteSpace(button.Label) ? button.Command : button.Label);
            mapped.Add(new InlineKeyboardButton
            {
                Text = label.Length > 64 ? label[..(char.IsHighSurrogate(label[63]) ? 63 : 64)] : label,
                CallbackData = data,
                Style = button.Style switch
                {
                    ButtonStyle.Danger => "danger",
                    ButtonStyle.Primary => "primary",
                    _ => null,
                },
            });
        }
        if (mapped.Count == 0)
            return null;
        return new InlineKeyboardMarkup { InlineKeyboard = mapped.Chunk(2).Select(row => (IReadOnlyList<InlineKeyboardButton>)row).ToList() };
    }

    /// <summary>The callback_data for a button's command, or null when it cannot fit in 64 bytes.</summary>
    public static string? ToCallbackData(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
            return null;
        command = command.Trim();
        string data;
        if (command.StartsWith(ConfirmPrefix, StringComparison.Ordinal))
        {
            var id = command[ConfirmPrefix.Length..].Trim();
            data = id.StartsWith(CancelMarker, StringComparison.Ordinal) ? "x:" + id[CancelMarker.Length..] : "c:" + id;
            if (!IsId(data[2..]))
                data = "r:" + command;
        }
        else
        {
            data = "r:" + command;
        }
        return Encoding.UTF8.GetByteCount(data) <= MaxCallbackDataBytes ? data : null;
    }

    /// <summary>The command text a callback_data stands for, or null when it is not one of ours.</summary>
    public static string? ToCommand(string? data)
    {
        if (data is null || data.Length < 3 || data[1] != ':' || Encoding.UTF8.GetByteCount(data) > MaxCallbackDataBytes)
            return null;
        var payload = data[2..];
        return data[0] switch
        {
            'c' when IsId(payload) => ConfirmPrefix + payload,
            'x' when IsId(payload) => ConfirmPrefix + CancelMarker + payload,
            'r' when payload.StartsWith('/') && !payload.Any(char.IsControl) => payload,
            _ => null,
        };
    }

    private static bool IsId(string id) => id.Length is > 0 and <= 60 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
