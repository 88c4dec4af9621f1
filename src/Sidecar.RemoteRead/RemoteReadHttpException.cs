namespace Sidecar.RemoteRead;

/// <summary>The server answered with a non-2xx status. Carries the status and a bounded excerpt of the body.</summary>
public sealed class RemoteReadHttpException : RemoteReadException
{
    /// <summary>Creates the exception.</summary>
    public RemoteReadHttpException(string message, int statusCode, string bodyExcerpt, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        BodyExcerpt = bodyExcerpt;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The start of the response body (at most a few hundred characters, control characters removed).</summary>
    public string BodyExcerpt { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>429 and 5xx are worth retrying; other statuses will not change.</summary>
    public override bool IsRetryable => StatusCode == 429 || StatusCode >= 500;
}
