package org.transfer4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.transfer4j.common.AtomicFiles;

/** Writes XChart charts as PNG files, atomically. */
public final class Charts {
    private Charts() {
    }

    public static void savePng(Chart<?, ?> chart, Path target) throws IOException {
        AtomicFiles.writePath(target, tmp -> {
            // BitmapEncoder appends ".png" unless the name already ends with it.
            Path png = tmp.resolveSibling(tmp.getFileName() + ".png");
            try {
                BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
                Files.move(png, tmp, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(png);
            }
        });
    }
}
