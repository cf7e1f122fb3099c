package org.transfer4j.app.domain;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The domain-adaptation study. */
@Command(name = "domain", mixinStandardHelpOptions = true, description = "Source only, AdaBN, DANN, Deep CORAL, MMD and the target oracle (CDAN and JAN with --methods) on shifted"
        + " Fashion-MNIST (three shifts, 3 seeds).")
public final class DomainCommand implements Callable<Integer> {
    @Mixin
    DomainStudyOptions options = new DomainStudyOptions();

    @Override
    public Integer call() throws Exception {
        var report = DomainStudy.run(options);
        System.out.println(DomainReportWriter.table(report));
        System.out.println("Report: " + (report.track().equals("pretrained") ? options.outputDir.resolve("pretrained")
                : options.outputDir).resolve(DomainReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
