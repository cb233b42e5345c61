/**
 * A small layer over pdfkit for the school's printouts (Ar1, D4): A4 pages
 * with DejaVu fonts shipped by the `dejavu-fonts-ttf` package (Cyrillic, no
 * system fonts needed), headings, text, ruled tables that break across pages
 * repeating their header, and a footer with "page N of M" on every page.
 */
import PDFDocument from "pdfkit";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONTS = {
  regular: join(FONT_DIR, "DejaVuSansCondensed.ttf"),
  bold: join(FONT_DIR, "DejaVuSansCondensed-Bold.ttf"),
} as const;

export interface PdfOptions {
  layout: "portrait" | "landscape";
  title: string;
  /** The moment printed into the file's metadata: the server's clock, so a printout says when it was made. */
  createdAt: Date;
  margin?: number;
}

export interface Column {
  header: string;
  width: number;
  align?: "left" | "center" | "right";
}

export interface TableOptions {
  fontSize?: number;
  headerFontSize?: number;
  /** Rows at least this tall (points). */
  minRowHeight?: number;
  /** Header row height; headers wrap inside it. */
  headerHeight?: number;
  /** Cells shaded grey (e.g. period-mark columns), by column index. */
  shaded?: ReadonlySet<number>;
}

const PAD = 2;

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly margin: number;

  constructor(opts: PdfOptions) {
    this.margin = opts.margin ?? 28;
    this.doc = new PDFDocument({
      size: "A4", layout: opts.layout, margin: this.margin, bufferPages: true, font: FONTS.regular,
      info: { Title: opts.title, Creator: "Журнал", CreationDate: opts.createdAt, ModDate: opts.createdAt },
    });
    this.doc.registerFont("regular", FONTS.regular);
    this.doc.registerFont("bold", FONTS.bold);
    this.doc.font("regular");
  }

  private current: "regular" | "bold" = "regular";

  /** Switches the font only when it changes: pdfkit's font() costs milliseconds even for the current font. */
  private use(font: "regular" | "bold"): this {
    if (this.current !== font) {
      this.doc.font(font);
      this.current = font;
    }
    return this;
  }

  get width(): number {
    return this.doc.page.width - 2 * this.margin;
  }

  /** The lowest y content may reach: the footer lives below it. */
  get bottom(): number {
    return this.doc.page.height - this.margin - 14;
  }

  heading(text: string, size = 13): this {
    this.use("bold").doc.fontSize(size).text(text, this.margin, this.doc.y, { width: this.width });
    this.use("regular").doc.moveDown(0.3);
    return this;
  }

  text(text: string, size = 9, bold = false): this {
    this.use(bold ? "bold" : "regular").doc.fontSize(size).text(text, this.margin, this.doc.y, { width: this.width });
    this.use("regular").doc;
    return this;
  }

  gap(points = 6): this {
    this.doc.y += points;
    return this;
  }

  newPage(): this {
    this.doc.addPage();
    return this;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): this {
    if (this.doc.y + height > this.bottom) this.newPage();
    return this;
  }

  // Measuring text is the expensive part of a table: a grid cell is mostly a short
  // value ("5", "Н", a date) that fits on one line, measured once per font size.
  private readonly widths = new Map<string, number>();
  private readonly lineHeights = new Map<string, number>();

  private textWidth(text: string, size: number, bold: boolean): number {
    const key = `${bold ? "b" : "r"}${size}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.use(bold ? "bold" : "regular").doc.fontSize(size);
      this.widths.set(key, (w = this.doc.widthOfString(text)));
    }
    return w;
  }

  private lineHeight(size: number, bold: boolean): number {
    const key = `${bold ? "b" : "r"}${size}`;
    let h = this.lineHeights.get(key);
    if (h === undefined) {
      this.use(bold ? "bold" : "regular").doc.fontSize(size);
      this.lineHeights.set(key, (h = this.doc.heightOfString("Ag", { width: 1000 })));
    }
    return h;
  }

  private fits(text: string, width: number, size: number, bold: boolean): boolean {
    return !text.includes("\n") && this.textWidth(text, size, bold) <= width - 2 * PAD;
  }

  private cellHeight(text: string, width: number, size: number, bold = false): number {
    if (this.fits(text, width, size, bold)) return this.lineHeight(size, bold) + 2 * PAD;
    this.use(bold ? "bold" : "regular").doc.fontSize(size);
    return this.doc.heightOfString(text, { width: width - 2 * PAD }) + 2 * PAD;
  }

  private row(columns: readonly Column[], cells: readonly string[], y: number, height: number, size: number, header: boolean, shaded?: ReadonlySet<number>): void {
    let x = this.margin;
    this.doc.lineWidth(0.5);
    columns.forEach((col, i) => {
      if (header) this.doc.rect(x, y, col.width, height).fillAndStroke("#e8e8e8", "#000000");
      else if (shaded?.has(i)) this.doc.rect(x, y, col.width, height).fillAndStroke("#f2f2f2", "#000000");
      else this.doc.rect(x, y, col.width, height).stroke("#000000");
      const text = cells[i] ?? "";
      if (text !== "") {
        const align = header ? "center" : (col.align ?? "left");
        this.use(header ? "bold" : "regular").doc.fontSize(size).fillColor("#000000");
        if (this.fits(text, col.width, size, header)) {
          const free = col.width - 2 * PAD - this.textWidth(text, size, header);
          const dx = align === "center" ? free / 2 : align === "right" ? free : 0;
          this.doc.text(text, x + PAD + dx, y + PAD, { lineBreak: false });
        } else {
          this.doc.text(text, x + PAD, y + PAD, { width: col.width - 2 * PAD, align });
        }
      }
      x += col.width;
    });
    this.use("regular").doc;
  }

  /** A ruled table; rows grow to fit wrapped text, and the header repeats on every page the table spans. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions = {}): this {
    const size = opts.fontSize ?? 8;
    const headerSize = opts.headerFontSize ?? size;
    const headerHeight = opts.headerHeight ?? Math.max(...columns.map((c) => this.cellHeight(c.header, c.width, headerSize, true)));
    const drawHeader = () => {
      this.row(columns, columns.map((c) => c.header), this.doc.y, headerHeight, headerSize, true);
      this.doc.y += headerHeight;
    };
    this.ensureSpace(headerHeight + (opts.minRowHeight ?? 12));
    drawHeader();
    for (const cells of rows) {
      const height = Math.max(opts.minRowHeight ?? 0, ...columns.map((c, i) => this.cellHeight(cells[i] ?? "", c.width, size)));
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = this.doc.y;
      this.row(columns, cells, y, height, size, false, opts.shaded);
      this.doc.y = y + height;
    }
    this.doc.x = this.margin;
    return this;
  }

  /** Writes the footer on every page and returns the file. */
  async finish(footer: (page: number, pages: number) => string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      // Writing below the bottom margin would otherwise add a page.
      this.doc.page.margins.bottom = 0;
      this.use("regular").doc.fontSize(7).fillColor("#000000")
        .text(footer(i - range.start + 1, range.count), this.margin, this.doc.page.height - this.margin - 8, { width: this.width, align: "right", lineBreak: false });
      this.doc.page.margins.bottom = bottomMargin;
    }
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((ok, fail) => {
      this.doc.on("data", (c: Buffer) => chunks.push(c));
      this.doc.on("end", () => ok(Buffer.concat(chunks)));
      this.doc.on("error", fail);
    });
    this.doc.end();
    return done;
  }
}
