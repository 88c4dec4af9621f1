using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sidecar.Scheduling;
using Sidecar.State;

namespace Sidecar.Web;

/// <summary>
/// <c>/api/v1/exclusions</c>: windows left out of fitting that people add while the service runs. <c>GET</c> lists,
/// <c>POST</c> (a JSON object: <c>start</c>, <c>end</c>, <c>matcher</c>, optional <c>selector</c>, <c>comment</c>,
/// <c>created_by</c>) adds, <c>DELETE /api/v1/exclusions/{id}</c> deletes. Answers in the Prometheus HTTP API envelope
/// (<c>{"status":"success","data":…}</c>, or <c>"error"</c> with <c>errorType</c> <c>bad_data</c> and 400 for bad input).
/// Who made a change is the basic-auth user if any, else <c>created_by</c>, else the remote address.
/// </summary>
public static class ExclusionEndpoints
{
    /// <summary>The largest request body read, in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the endpoints; <paramref name="selectors"/> gives the names of the selectors configured now.</summary>
    public static IEndpointRouteBuilder MapExclusionEndpoints(
        this IEndpointRouteBuilder endpoints, ExclusionBook book, Func<IReadOnlyCollection<string>> selectors)
    {
        endpoints.MapGet("/api/v1/exclusions", () => Success(json =>
        {
            json.WriteStartArray();
            foreach (var exclusion in book.List())
            {
                Write(json, exclusion);
            }

            json.WriteEndArray();
        }));
        endpoints.MapPost("/api/v1/exclusions", async (HttpContext context) =>
        {
            var (draft, createdBy, error) = await ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (draft is null)
            {
                return Error(StatusCodes.Status400BadRequest, "bad_data", error!);
            }

            var change = book.Add(draft, selectors(), Who(context, createdBy));
            return change.Exclusion is { } added
                ? Success(json => Write(json, added))
                : Error(change.BadData ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, change.BadData ? "bad_data" : "internal", change.Error!);
        });
        endpoints.MapDelete("/api/v1/exclusions/{id}", (string id, HttpContext context) =>
        {
            var change = book.Remove(id, Who(context, null));
            if (change is null)
            {
                return Error(StatusCodes.Status404NotFound, "not_found", $"no exclusion with id \"{(id.Length > 64 ? id[..64] + "…" : id)}\"");
            }

            return change.Exclusion is { } removed
                ? Success(json => Write(json, removed))
                : Error(change.BadData ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, change.BadData ? "bad_data" : "internal", change.Error!);
        });
        return endpoints;
    }

    private static async Task<(ExclusionDraft? Draft, string? CreatedBy, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, null, $"request body of {request.ContentLength} bytes exceeds the {MaxBodyBytes}-byte bound");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read > MaxBodyBytes)
        {
            return (null, null, $"request body exceeds the {MaxBodyBytes}-byte bound");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read), new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "the body must be a JSON object with \"start\", \"end\" and \"matcher\"");
            }

            string[] known = ["start", "end", "matcher", "selector", "comment", "created_by"];
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    return (null, null, $"unknown field \"{Short(property.Name)}\" (known: {string.Join(", ", known)})");
                }

                var value = property.Value;
                values[property.Name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number when property.Name is "start" or "end" => value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw new JsonException($"\"{property.Name}\" must be a string{(property.Name is "start" or "end" ? " or a number" : "")}"),
                };
            }

            var createdBy = values.GetValueOrDefault("created_by");
            if (createdBy is { Length: > ExclusionBook.MaxUserLength })
            {
                return (null, null, $"\"created_by\" is {createdBy.Length} characters, more than the {ExclusionBook.MaxUserLength} allowed");
            }

            return (new ExclusionDraft(
                values.GetValueOrDefault("start"), values.GetValueOrDefault("end"), values.GetValueOrDefault("matcher"),
                values.GetValueOrDefault("selector"), values.GetValueOrDefault("comment")), createdBy, null);
        }
        catch (JsonException e)
        {
            return (null, null, $"invalid JSON body: {e.Message}");
        }
    }

    private static string Who(HttpContext context, string? createdBy) =>
        context.Items[WebConfigMiddleware.UserItem] as string
        ?? (string.IsNullOrWhiteSpace(createdBy) ? null : createdBy)
        ?? context.Connection.RemoteIpAddress?.ToString()
        ?? "unknown";

    private static string Short(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static void Write(Utf8JsonWriter json, Exclusion exclusion)
    {
        json.WriteStartObject();
        json.WriteString("id", exclusion.Id);
        json.WriteString("start", Rfc3339(exclusion.StartMs));
        json.WriteString("end", Rfc3339(exclusion.EndMs));
        json.WriteString("matcher", exclusion.Matcher);
        json.WriteString("selector", exclusion.Selector ?? "");
        json.WriteString("comment", exclusion.Comment);
        json.WriteString("created_by", exclusion.CreatedBy);
        json.WriteString("created_at", Rfc3339(exclusion.CreatedAtMs));
        json.WriteString("source", exclusion.Source);
        json.WriteString("kind", exclusion.Kind);
        json.WriteEndObject();
    }

    private static string Rfc3339(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static IResult Success(Action<Utf8JsonWriter> data) => Envelope(StatusCodes.Status200OK, json =>
    {
        json.WriteString("status", "success");
        json.WritePropertyName("data");
        data(json);
    });

    private static IResult Error(int status, string type, string error) => Envelope(status, json =>
    {
        json.WriteString("status", "error");
        json.WriteString("errorType", type);
        json.WriteString("error", error);
    });

    private static IResult Envelope(int status, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Results.Text(System.Text.Encoding.UTF8.GetString(stream.ToArray()), "application/json", System.Text.Encoding.UTF8, status);
    }
}
