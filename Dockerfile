# Staffroom: build with Maven on a JDK, run on a JRE as a non-root user.
# Built and run on Java 25; the code targets Java 17 (pom.xml), so any JDK 17+ would build it.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/staffroom-*.jar /src/staffroom.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system staffroom && useradd --system --gid staffroom --home-dir /app --shell /usr/sbin/nologin staffroom
WORKDIR /app
COPY --from=build /src/staffroom.jar /app/staffroom.jar
# The sample trust; mount your own bot-config over /app/bot-config.
COPY bot-config /app/bot-config
RUN mkdir -p /app/data && chown -R staffroom:staffroom /app
USER staffroom
ENV JAVA_TOOL_OPTIONS="-Dfile.encoding=UTF-8 -XX:MaxRAMPercentage=75" \
    STAFFROOM_CONFIG_DIR=/app/bot-config \
    PORT=8080
EXPOSE 8080
VOLUME ["/app/data"]
# Healthy when Spring Boot's health endpoint answers 200 (it answers 503 when DOWN);
# bash's /dev/tcp means no curl is needed in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-jar", "/app/staffroom.jar"]
