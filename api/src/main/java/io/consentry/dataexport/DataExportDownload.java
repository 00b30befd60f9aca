package io.consentry.dataexport;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** The package as a file download, the same for the portal and the admin route. */
final class DataExportDownload {

    private DataExportDownload() {
    }

    static Response of(UUID exportId, byte[] document) {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"my-data-" + exportId + ".json\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
