/** The little of citation-js's API this project uses (it ships no types). */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>)
    static async(data: unknown, options?: Record<string, unknown>): Promise<Cite>
    data: Record<string, unknown>[]
    format(format: string, options?: Record<string, unknown>): string | unknown
  }
  export const plugins: {
    config: {get(name: string): any}
  }
}
