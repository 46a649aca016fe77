// The library's catalogue (read-only reference data shipped with the code).
export const books = [
  { id: 1, title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin', year: 1969 },
  { id: 2, title: 'Beloved', author: 'Toni Morrison', year: 1987 },
  { id: 3, title: 'The Remains of the Day', author: 'Kazuo Ishiguro', year: 1989 },
  { id: 4, title: 'Things Fall Apart', author: 'Chinua Achebe', year: 1958 },
  { id: 5, title: 'Invisible Cities', author: 'Italo Calvino', year: 1972 },
  { id: 6, title: 'The Master and Margarita', author: 'Mikhail Bulgakov', year: 1967 },
  { id: 7, title: 'Kindred', author: 'Octavia E. Butler', year: 1979 },
  { id: 8, title: 'Pedro Páramo', author: 'Juan Rulfo', year: 1955 },
  { id: 9, title: 'The Summer Book', author: 'Tove Jansson', year: 1972 },
  { id: 10, title: 'Middlemarch', author: 'George Eliot', year: 1871 },
  { id: 11, title: 'Season of Migration to the North', author: 'Tayeb Salih', year: 1966 },
  { id: 12, title: 'The Periodic Table', author: 'Primo Levi', year: 1975 },
];
