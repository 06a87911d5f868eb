package io.kith.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps kith-core the domain: adapters depend on it, never the other way. */
@AnalyzeClasses(packages = "io.kith", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreIsFreeOfIoTest {
    @ArchTest
    static final ArchRule noStorageOrNetworkCode = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..", "java.nio.channels..", "java.nio.file..",
                    "org.duckdb..", "org.postgresql..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "org.apache.kafka..", "org.apache.spark..")
            .because("kith-core holds the domain and the ports; put engine, file and network code in an adapter module "
                    + "(kith-log, kith-store-*, kith-server) that implements a port from kith-core");

    @ArchTest
    static final ArchRule noWallClock = noClasses().should().callMethod(java.time.Instant.class, "now")
            .because("core code must be deterministic: take a java.time.Clock and call clock.instant()");
}
