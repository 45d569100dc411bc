using System.Text.Json;
using System.Text.Json.Serialization;
using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Storage;

/// <summary>Incidents as JSON documents in <c>incidents.document</c>.</summary>
internal static class IncidentDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(Incident incident) => JsonSerializer.Serialize(incident, Options);

    public static Incident Deserialize(string document) =>
        JsonSerializer.Deserialize<Incident>(document, Options) ?? throw new JsonException("the incident document is empty");
}
