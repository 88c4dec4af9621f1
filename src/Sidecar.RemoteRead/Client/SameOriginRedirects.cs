namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Which redirects a remote-read request follows. Headers such as <c>X-Scope-OrgID</c> and credentials are meant for
/// the configured origin only, so a redirect elsewhere is refused rather than followed without them (which would
/// read another tenant's data, or none, silently). A 301, 302 or 303 would turn the POST into a GET, which no
/// remote-read endpoint answers, so it is refused too. Thread-safe (stateless).
/// </summary>
internal static class SameOriginRedirects
{
    /// <summary>Same-origin redirects followed per request, as Go's HTTP client (and so Prometheus) allows.</summary>
    public const int MaxRedirects = 10;

    /// <summary>Whether <paramref name="status"/> is a redirect (with a Location to go to).</summary>
    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>
    /// Where the redirect <paramref name="response"/> to a request for <paramref name="from"/> leads, if it may be
    /// followed: a 307 or 308 within <paramref name="configured"/>'s scheme, host and port, and not more than
    /// <see cref="MaxRedirects"/> in a row.
    /// </summary>
    /// <exception cref="RemoteReadHttpException">The redirect is not followed; the message names the target's origin and why.</exception>
    public static Uri Target(Uri configured, string redactedUrl, Uri from, HttpResponseMessage response, int redirects)
    {
        var status = (int)response.StatusCode;
        RemoteReadHttpException Refused(string why) => new($"remote read {redactedUrl} answered {status} {response.ReasonPhrase}: {why}", status, "", null);

        if (response.Headers.Location is not { } location)
        {
            throw Refused("a redirect without a Location header");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        var origin = target.IsAbsoluteUri ? target.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "<relative url>";
        if (Uri.Compare(target, configured, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw Refused(
                $"redirect to another origin {origin} not followed, because the request carries headers and credentials meant " +
                $"for {configured.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}; set url to the address that serves remote read");
        }

        if (status is not (307 or 308))
        {
            throw Refused($"redirect to {RemoteReadClientOptions.Redact(target)} not followed, because a {status} turns the POST into a GET; set url to the address that serves remote read");
        }

        if (redirects >= MaxRedirects)
        {
            throw Refused($"more than {MaxRedirects} redirects");
        }

        return target;
    }
}
