# syntax=docker/dockerfile:1
# Sidecar: seasonal anomaly detection beside Prometheus.
#   docker build -t sidecar .
#   docker run -p 9717:9717 -v $PWD/examples/sidecar.yml:/etc/sidecar/sidecar.yml:ro sidecar
# tests/Sidecar.Tests/Examples/DockerfileTests.cs runs the same `dotnet publish` line as the build stage (with its
# own output directory), so what ships is what CI built.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that source edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Sidecar/Sidecar.csproj src/Sidecar/
COPY src/Sidecar.Core/Sidecar.Core.csproj src/Sidecar.Core/
COPY src/Sidecar.RemoteRead/Sidecar.RemoteRead.csproj src/Sidecar.RemoteRead/
COPY src/Sidecar.Models/Sidecar.Models.csproj src/Sidecar.Models/
RUN dotnet restore src/Sidecar/Sidecar.csproj
# Only the service's projects: the toolbox (src/Sidecar.Tools, with its plotting libraries) is not in the image.
COPY src/Sidecar/ src/Sidecar/
COPY src/Sidecar.Core/ src/Sidecar.Core/
COPY src/Sidecar.RemoteRead/ src/Sidecar.RemoteRead/
COPY src/Sidecar.Models/ src/Sidecar.Models/
RUN dotnet publish src/Sidecar/Sidecar.csproj --configuration Release --output /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY examples/sidecar.yml /etc/sidecar/sidecar.yml
# Fitted models (--storage.path) and the sample data of examples/docker-compose.yml live in directories the
# non-root user owns; a named volume mounted there starts with this ownership.
RUN mkdir -p /var/lib/sidecar /sample && chown "$APP_UID" /var/lib/sidecar /sample
# The listen address comes from --web.listen-address, not from the base image's ASP.NET Core port variable.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
VOLUME /var/lib/sidecar
EXPOSE 9717
# The runtime image has neither curl nor wget: bash speaks just enough HTTP to ask /-/healthy for a 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9717 && printf 'GET /-/healthy HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "/app/sidecar.dll"]
CMD ["run", "--config.file=/etc/sidecar/sidecar.yml", "--storage.path=/var/lib/sidecar", "--web.listen-address=:9717"]
