# Staffroom: build with Maven on a JDK, run on a JRE as a non-root user.
# Built and run on Java 25; the code targets Java 17 (pom.xml), so any JDK 17+ would build it.
# Start-up and memory (README "Running outside Docker", benchmark figure 5): the jar is extracted
# (lib/ beside a thin jar) and started with a Java 25 AOT cache trained in the image.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/staffroom-*.jar /src/staffroom.jar \
 && java -Djarmode=tools -jar /src/staffroom.jar extract --destination /src/extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system staffroom && useradd --system --gid staffroom --home-dir /app --shell /usr/sbin/nologin staffroom
WORKDIR /app
# The libraries change less often than Staffroom's own jar: a layer of their own.
COPY --from=build /src/extracted/lib /app/lib
COPY --from=build /src/extracted/staffroom.jar /app/staffroom.jar
# The sample trust; mount your own bot-config over /app/bot-config.
COPY bot-config /app/bot-config
# The same options for the training run below and for every start: an AOT cache is only used by a JVM
# run with the options it was trained with. The serial collector (one GC thread, no G1 remembered sets)
# and compact object headers are for memory: with the AOT cache they took Staffroom from 647 to 408 MiB
# resident after a throughput run (README, Performance, figure 5).
ENV JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8 -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders" \
    STAFFROOM_CONFIG_DIR=/app/bot-config \
    PORT=8080
# Training run: start the application context with the sample trust and a throwaway in-memory database,
# stop once it has refreshed (before any connection to Slack or Discord: no tokens here anyway), and
# write the classes it loaded and linked to the AOT cache the entry point uses.
RUN java -XX:AOTCacheOutput=/app/staffroom.aot -Dspring.context.exit=onRefresh -jar /app/staffroom.jar \
      --spring.datasource.url=jdbc:h2:mem:training --server.port=0 --spring.main.banner-mode=off \
 && mkdir -p /app/data && chown -R staffroom:staffroom /app/data
USER staffroom
EXPOSE 8080
VOLUME ["/app/data"]
# Healthy when Spring Boot's health endpoint answers 200 (it answers 503 when DOWN);
# bash's /dev/tcp means no curl is needed in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-XX:AOTCache=/app/staffroom.aot", "-jar", "/app/staffroom.jar"]
