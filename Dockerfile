# syntax=docker/dockerfile:1
# Build: docker build -t chatopstrader .
# Run:   docker run -p 127.0.0.1:5080:5080 -e Web__Urls=http://0.0.0.0:5080 -v chatops-data:/app/data chatopstrader
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY config/ config/
COPY src/ src/
RUN dotnet publish src/ChatOpsTrader/ChatOpsTrader.csproj -c Release -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl tzdata && rm -rf /var/lib/apt/lists/* \
    && groupadd --system chatops && useradd --system --gid chatops --home-dir /app chatops
WORKDIR /app
COPY --from=build /app/publish .
RUN mkdir -p /app/data && chown chatops:chatops /app/data
USER chatops
VOLUME ["/app/data"]
ENV Web__Urls=http://0.0.0.0:5080
EXPOSE 5080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:5080/healthz || exit 1
ENTRYPOINT ["dotnet", "ChatOpsTrader.dll"]
