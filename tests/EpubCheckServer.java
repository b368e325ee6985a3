import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck for a whole test session in one JVM (tests/helpers.py starts it once).
 *
 * Each line on stdin is "BOOK.epub<TAB>REPORT.json": EPUBCheck checks the book exactly as
 * `java -jar epubcheck.jar BOOK.epub --json REPORT.json -q` would, then "done<TAB>EXIT<TAB>REPORT.json"
 * goes to stdout. EPUBCheck's own console output goes to stderr. Started with
 * `java -cp epubcheck.jar EpubCheckServer.java` (a JDK's single-file launch).
 */
public class EpubCheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        replies.println("ready");
        for (String line; (line = requests.readLine()) != null; ) {
            String[] job = line.split("\t");
            int code;
            try {
                code = new EpubChecker().run(new String[] {job[0], "--json", job[1], "-q"});
            } catch (Throwable failure) {
                failure.printStackTrace();
                code = -1;
            }
            replies.println("done\t" + code + "\t" + job[1]);
        }
    }
}
