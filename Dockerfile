# Junction integration hub - container image.
#
#   docker build -t junction .
#
# Stage 1 builds the Spring Boot jar with Maven; stage 2 runs it on a JRE as a
# non-root user. The jar carries routes/, mappings/ and config/ as its
# defaults; files mounted under /app/routes, /app/mappings or /app/config (the
# working directory, or JUNCTION_HOME) override them one by one
# (docs/configuration.md).

# ---------------------------------------------------------------- build ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Resolve dependencies in their own layer so source-only changes rebuild fast.
# (Best effort: anything missed here is downloaded by the package step.)
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline || true

COPY src ./src
COPY routes ./routes
COPY mappings ./mappings
COPY config ./config
RUN mvn -B -DskipTests package \
 && cp target/junction-*.jar /build/junction.jar \
 && ls -l /build/junction.jar

# -------------------------------------------------------------- runtime ----
FROM eclipse-temurin:17-jre

ARG APP_UID=10001
RUN groupadd --system --gid ${APP_UID} junction \
 && useradd --system --uid ${APP_UID} --gid junction --home-dir /app --shell /usr/sbin/nologin junction \
 && mkdir -p /app /var/lib/junction \
 && chown junction:junction /var/lib/junction

WORKDIR /app
COPY --from=build /build/junction.jar /app/junction.jar

# The hub's file-backed state (JUNCTION_DATA_DIR); mount a volume here.
ENV JUNCTION_DATA_DIR=/var/lib/junction
# Size the heap from the container's memory limit instead of the host's RAM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError"

USER junction
EXPOSE 8080

# curl ships with the eclipse-temurin image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1

ENTRYPOINT ["java", "-jar", "/app/junction.jar"]
