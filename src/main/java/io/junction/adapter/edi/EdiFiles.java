package io.junction.adapter.edi;

import io.junction.canonical.FieldError;
import io.junction.platform.filedrop.CsvDrop;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The drop folder's side of an inbound interchange: the file's content to {@link EdiIntake}, and for a rejected one
 * the report {@code error/<file>.errors.txt} beside it (the route moves the file there), one problem a line.
 */
@Component
public class EdiFiles {

    private final EdiIntake intake;

    public EdiFiles(EdiIntake intake) {
        this.intake = intake;
    }

    public EdiIntake.Received receive(Exchange exchange) {
        try {
            return intake.receive(exchange.getMessage().getBody(byte[].class));
        } catch (EdiRejected e) {
            List<FieldError> lines = e.problems().stream()
                    .map(p -> new FieldError(p.where(), p.problem()))
                    .toList();
            CsvDrop.report(
                    exchange,
                    "Interchange " + CsvDrop.fileName(exchange) + " rejected, nothing applied: " + lines.size()
                            + " problem(s)",
                    lines);
            throw e;
        }
    }
}
