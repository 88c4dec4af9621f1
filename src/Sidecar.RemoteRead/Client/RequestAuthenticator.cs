using System.Net.Http.Headers;
using System.Text;

namespace Sidecar.RemoteRead.Client;

/// <summary>
/// Adds the configured headers and credentials to each request. Credential files are read on every request, so a
/// rotated secret is used from the next request on. Credentials never appear in exceptions. Thread-safe.
/// </summary>
internal sealed class RequestAuthenticator(RemoteReadClientOptions options)
{
    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (options.BasicAuth is { } basic)
        {
            var password = basic.Password ??
                (basic.PasswordFile is { } file ? await ReadSecretAsync("basic_auth.password_file", file, cancellationToken).ConfigureAwait(false) : "");
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        else if (options.Authorization is { } authorization)
        {
            var credentials = authorization.Credentials ??
                (authorization.CredentialsFile is { } file
                    ? await ReadSecretAsync("authorization.credentials_file", file, cancellationToken).ConfigureAwait(false)
                    : "");
            request.Headers.Authorization = new AuthenticationHeaderValue(authorization.Type, credentials);
        }
        else if (options.BearerTokenFile is { } tokenFile)
        {
            var token = await ReadSecretAsync("bearer_token_file", tokenFile, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static async Task<string> ReadSecretAsync(string key, string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The exception names the file, never its contents.
            throw new RemoteReadCredentialsException($"reading {key} {path}: {e.Message}", e);
        }
    }
}
