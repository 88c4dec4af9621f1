namespace Sidecar.Config;

/// <summary><c>client_auth_type</c>, with exporter-toolkit's (Go's) names and meanings.</summary>
public enum ClientAuthType
{
    /// <summary>No client certificate is asked for.</summary>
    NoClientCert,

    /// <summary>One is asked for; any answer, or none, is accepted.</summary>
    RequestClientCert,

    /// <summary>One must be sent; it is not verified.</summary>
    RequireAnyClientCert,

    /// <summary>One that is sent must verify against <c>client_ca_file</c>; none is accepted.</summary>
    VerifyClientCertIfGiven,

    /// <summary>One must be sent and verify against <c>client_ca_file</c>.</summary>
    RequireAndVerifyClientCert,
}
