# Summarises `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth N`
# into JSON lines, which bench/run turns into its profile tables:
#   {"kind":"samples", "java":N, "native_hash":N}
#   {"kind":"component", "component":"...", "samples":N}  exclusive: each Java sample goes to the
#       component of its first frame (from the top) outside the JDK, e.g. a regex running for
#       Spring Security's firewall counts as the firewall; components add up to 100 %
#   {"kind":"area", "area":"...", "samples":N}            inclusive: samples with a frame of that
#       area anywhere on the stack (what an operation costs with everything it calls); overlap
#   {"kind":"top", "frame":"...", "samples":N}            self time: the top frame itself
# Native samples (threads in native code: mostly idle in epoll, accept or socket reads) count only
# when they are libargon2 hashing through JNA (native_hash).

function component(frame) {
  if (frame ~ /RSASSASigner|NimbusJwtEncoder/) return "JWT signing (RS256)"
  if (frame ~ /StrictHttpFirewall|DefaultBearerTokenResolver/) return "Header checks (Spring Security firewall, bearer-token regex)"
  if (frame ~ /^com\.nimbusds\.|NimbusJwtDecoder|JwtAuthenticationProvider|JwtAuthenticationConverter|oauth2\.jwt\./) return "JWT parsing and verification (Nimbus, validators)"
  if (frame ~ /^io\.micrometer\./) return "Micrometer (observations, metrics)"
  if (frame ~ /^org\.springframework\.boot\.loader\./) return "Spring Boot loader (nested jars)"
  if (frame ~ /^org\.springframework\.security\./) return "Spring Security (other filters)"
  if (frame ~ /^org\.springframework\.(web|http)\./) return "Spring MVC / web"
  if (frame ~ /^org\.springframework\.(beans|context|core|aop|util)\./) return "Spring core (beans, context, AOP)"
  if (frame ~ /^org\.springframework\.(orm|data|transaction|jdbc)\./) return "Spring Data / transactions"
  if (frame ~ /^org\.springframework\./) return "Spring (other)"
  if (frame ~ /^(tools\.jackson|com\.fasterxml\.jackson)\./) return "Jackson (JSON)"
  if (frame ~ /^org\.apache\.(catalina|coyote|tomcat)\./) return "Tomcat"
  if (frame ~ /^(io\.lettuce|io\.netty)\./) return "Redis client (Lettuce, Netty)"
  if (frame ~ /^org\.hibernate\.validator\./) return "Bean Validation"
  if (frame ~ /^org\.hibernate\./) return "Hibernate"
  if (frame ~ /^org\.postgresql\./) return "PostgreSQL JDBC"
  if (frame ~ /^com\.zaxxer\.hikari\./) return "Hikari"
  if (frame ~ /^(ch\.qos\.logback|org\.slf4j)\./) return "Logging"
  if (frame ~ /^(de\.mkammerer\.argon2|com\.sun\.jna)\./) return "Argon2 via JNA"
  if (frame ~ /^org\.bouncycastle\./) return "BouncyCastle"
  if (frame ~ /^org\.flywaydb\./) return "Flyway"
  if (frame ~ /^(org\.springdoc|io\.swagger)\./) return "springdoc (OpenAPI)"
  if (frame ~ /^org\.thymeleaf\./) return "Thymeleaf"
  if (frame ~ /^dev\.authstack\./) return "authstack code"
  if (frame ~ /^(java|javax|jdk|sun|com\.sun)\./) return ""
  n = split(frame, seg, ".")
  return (n >= 3 ? seg[1] "." seg[2] : frame) " (other)"
}

function flush(   i, c) {
  if (event == "") return
  if (nframes > 0) {
    if (event == "jdk.ExecutionSample") {
      java++
      self[frames[1]]++
      c = ""
      for (i = 1; i <= nframes && c == ""; i++) c = component(frames[i])
      if (c == "") c = "JDK only (no library frame in the stack)"
      comp[c]++
      for (a = 1; a <= nareas; a++) {
        for (i = 1; i <= nframes; i++) {
          if (frames[i] ~ area_re[a]) { area_hits[a]++; break }
        }
      }
    } else {
      for (i = 1; i <= nframes; i++) {
        if (frames[i] ~ /de\.mkammerer\.argon2|com\.sun\.jna\./) { native_hash++; break }
      }
    }
  }
  event = ""
  nframes = 0
}

function escape(s) {
  gsub(/\\/, "\\\\", s)
  gsub(/"/, "\\\"", s)
  return s
}

BEGIN {
  nareas = 0
  split("" \
    "JWT verification (decode, RS256 check, validators)=NimbusJwtDecoder\\.decode|JwtAuthenticationProvider\\.authenticate;" \
    "JWT signing (RS256)=NimbusJwtEncoder|RSASSASigner;" \
    "RSA arithmetic (BigInteger modPow)=java\\.math\\.BigInteger\\.(oddModPow|modPow)|sun\\.security\\.rsa;" \
    "Revocation check (per request)=RevocationList\\.isRevoked;" \
    "Account cache=AccountCache;" \
    "Password hashing=de\\.mkammerer\\.argon2|Argon2PasswordEncoder|PasswordEncoder\\.(matches|encode);" \
    "Audit log=dev\\.authstack\\.audit\\.;" \
    "Hibernate / JPA=org\\.hibernate\\.(orm|engine|internal|sql|query|event|persister|loader|action|resource)\\.|org\\.hibernate\\.[A-Za-z]+Impl;" \
    "Redis commands (Lettuce)=io\\.lettuce\\.core\\.;" \
    "Class loading and linking=java\\.lang\\.ClassLoader|jdk\\.internal\\.loader\\.|java\\.lang\\.Class\\.forName;" \
    "Spring Boot nested-jar loader=org\\.springframework\\.boot\\.loader\\.;" \
    "Spring configuration class parsing=ConfigurationClassPostProcessor|ConfigurationClassParser;" \
    "Spring bean creation=AbstractAutowireCapableBeanFactory\\.createBean;" \
    "Hibernate bootstrap=org\\.hibernate\\.boot\\.|EntityManagerFactoryBuilderImpl|SessionFactoryImpl\\.<init>;" \
    "Flyway=org\\.flywaydb\\.;" \
    "springdoc (OpenAPI)=org\\.springdoc\\.|io\\.swagger\\.;" \
    "Proxies and bytecode generation=java\\.lang\\.reflect\\.Proxy|net\\.bytebuddy\\.|springframework\\.cglib\\.;" \
    "Spring Security configuration=org\\.springframework\\.security\\.config\\.annotation\\.web\\.(builders|configurers)\\.;" \
    "RSA key generation=RSAKeyGenerator|KeyPairGenerator", defs, ";")
  for (d = 1; d in defs; d++) {
    if (defs[d] == "") continue
    eq = index(defs[d], "=")
    nareas++
    area_name[nareas] = substr(defs[d], 1, eq - 1)
    area_re[nareas] = substr(defs[d], eq + 1)
  }
}

/^jdk\.(ExecutionSample|NativeMethodSample) \{/ { flush(); event = $1; in_stack = 0; next }
/^[[:space:]]*stackTrace = \[/ { in_stack = 1; next }
in_stack && /^[[:space:]]*\]/ { in_stack = 0; next }
in_stack {
  line = $0
  sub(/^[[:space:]]+/, "", line)
  sub(/[[:space:]]+line:.*$/, "", line)
  if (line == "..." || line == "") next
  frames[++nframes] = line
  next
}
/^\}/ { flush(); next }

END {
  flush()
  printf "{\"kind\":\"samples\",\"java\":%d,\"native_hash\":%d}\n", java, native_hash
  for (c in comp) printf "{\"kind\":\"component\",\"component\":\"%s\",\"samples\":%d}\n", escape(c), comp[c]
  for (f in self) printf "{\"kind\":\"top\",\"frame\":\"%s\",\"samples\":%d}\n", escape(f), self[f]
  for (a = 1; a <= nareas; a++) {
    if (area_hits[a] > 0) printf "{\"kind\":\"area\",\"area\":\"%s\",\"samples\":%d}\n", escape(area_name[a]), area_hits[a]
  }
}
